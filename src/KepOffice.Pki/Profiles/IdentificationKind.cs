namespace KepOffice.Pki.Profiles;

/// <summary>How the applicant was identified (extension 1.2.643.100.114).</summary>
public enum IdentificationKind
{
    /// <summary>In person, with an identity document.</summary>
    InPerson = 0,

    /// <summary>Remotely, with a valid qualified certificate.</summary>
    QualifiedCertificate = 1,

    /// <summary>Remotely, with a biometric passport.</summary>
    BiometricPassport = 2,

    /// <summary>Remotely, through ЕСИА and ЕБС biometrics.</summary>
    EsiaEbs = 3,
}
