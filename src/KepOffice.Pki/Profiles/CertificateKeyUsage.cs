namespace KepOffice.Pki.Profiles;

/// <summary>Key usage bits a profile may put into the keyUsage extension.</summary>
[Flags]
public enum CertificateKeyUsage
{
    /// <summary>No bits.</summary>
    None = 0,

    /// <summary>digitalSignature.</summary>
    DigitalSignature = 1,

    /// <summary>nonRepudiation (contentCommitment).</summary>
    NonRepudiation = 2,

    /// <summary>keyEncipherment.</summary>
    KeyEncipherment = 4,

    /// <summary>dataEncipherment.</summary>
    DataEncipherment = 8,

    /// <summary>keyAgreement.</summary>
    KeyAgreement = 16,
}
