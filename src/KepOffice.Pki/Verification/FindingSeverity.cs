namespace KepOffice.Pki.Verification;

/// <summary>How serious a verification finding is.</summary>
public enum FindingSeverity
{
    /// <summary>A check passed.</summary>
    Ok,

    /// <summary>Not a failure, but the operator should look at it.</summary>
    Warning,

    /// <summary>The certificate or signature must not be relied on.</summary>
    Error,
}
