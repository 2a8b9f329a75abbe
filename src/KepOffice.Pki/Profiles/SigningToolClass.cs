namespace KepOffice.Pki.Profiles;

/// <summary>Class of the holder's signing tool; becomes policy 1.2.643.100.113.{value}.</summary>
public enum SigningToolClass
{
    /// <summary>КС1.</summary>
    KS1 = 1,

    /// <summary>КС2.</summary>
    KS2 = 2,

    /// <summary>КС3.</summary>
    KS3 = 3,

    /// <summary>КВ1.</summary>
    KV1 = 4,

    /// <summary>КВ2.</summary>
    KV2 = 5,

    /// <summary>КА1.</summary>
    KA1 = 6,
}
