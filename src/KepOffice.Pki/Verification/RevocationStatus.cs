namespace KepOffice.Pki.Verification;

/// <summary>Revocation status of a certificate according to the CRL given.</summary>
public enum RevocationStatus
{
    /// <summary>No CRL was given, or it could not be trusted.</summary>
    Unknown,

    /// <summary>Not listed in a valid CRL.</summary>
    Good,

    /// <summary>Listed with reason certificateHold.</summary>
    Suspended,

    /// <summary>Listed with any other reason.</summary>
    Revoked,
}
