namespace KepOffice.Pki.Profiles;

/// <summary>
/// Configurable issuance profile (bound from configuration by the host). Defaults follow PROFILE.md
/// for a natural person's qualified certificate.
/// </summary>
public sealed class CertificateProfile
{
    /// <summary>Profile name shown to operators, e.g. «КЭП физического лица».</summary>
    public string Name { get; set; } = "КЭП физического лица";

    /// <summary>Subject type; decides the required attributes.</summary>
    public SubjectType SubjectType { get; set; } = SubjectType.NaturalPerson;

    /// <summary>Certificate validity in months.</summary>
    public int ValidityMonths { get; set; } = 15;

    /// <summary>Private key usage period in months (privateKeyUsagePeriod).</summary>
    public int PrivateKeyUsageMonths { get; set; } = 15;

    /// <summary>keyUsage bits (the extension is always critical).</summary>
    public CertificateKeyUsage KeyUsage { get; set; } =
        CertificateKeyUsage.DigitalSignature | CertificateKeyUsage.NonRepudiation
        | CertificateKeyUsage.KeyEncipherment | CertificateKeyUsage.KeyAgreement;

    /// <summary>extKeyUsage written when <see cref="ExtendedKeyUsages"/> is null: client authentication and e-mail protection.</summary>
    public static IReadOnlyList<string> DefaultExtendedKeyUsages { get; } = ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"];

    /// <summary>Classes written when <see cref="SigningToolClasses"/> is null: КС1 and КС2.</summary>
    public static IReadOnlyList<SigningToolClass> DefaultSigningToolClasses { get; } = [SigningToolClass.KS1, SigningToolClass.KS2];

    /// <summary>
    /// extKeyUsage OIDs; null means <see cref="DefaultExtendedKeyUsages"/>, empty leaves the extension out.
    /// (Null rather than a pre-filled list because configuration binding appends to existing list items.)
    /// </summary>
    public List<string>? ExtendedKeyUsages { get; set; }

    /// <summary>Default subjectSignTool (the holder's tool), overridable per issuance.</summary>
    public string SubjectSignTool { get; set; } = "СКЗИ \"КриптоПро CSP\" (версия 5.0)";

    /// <summary>issuerSignTool strings.</summary>
    public IssuerSignTool IssuerSignTool { get; set; } = new(
        "СКЗИ \"КриптоПро CSP\" (версия 5.0)",
        "ПАК \"УЦ KepOffice\"",
        "Сертификат соответствия № СФ/124-0000 от 01.01.2025",
        "Сертификат соответствия № СФ/128-0000 от 01.01.2025");

    /// <summary>
    /// Classes of the holder's signing tool (certificatePolicies 1.2.643.100.113.x); null means
    /// <see cref="DefaultSigningToolClasses"/>, empty leaves the extension out.
    /// </summary>
    public List<SigningToolClass>? SigningToolClasses { get; set; }

    /// <summary>HTTP URLs of the CA's CRL (CRL distribution points).</summary>
    public List<string> CrlDistributionPoints { get; set; } = [];

    /// <summary>URL of the issuing CA certificate (AIA caIssuers); null to leave out.</summary>
    public string? CaIssuersUrl { get; set; }

    /// <summary>OCSP responder URL (AIA ocsp); null when the CA runs no OCSP.</summary>
    public string? OcspUrl { get; set; }

    /// <summary>Whether certificates of this profile may be suspended (certificateHold).</summary>
    public bool AllowHold { get; set; }

    internal IReadOnlyList<string> EffectiveExtendedKeyUsages => ExtendedKeyUsages ?? DefaultExtendedKeyUsages;

    internal IReadOnlyList<SigningToolClass> EffectiveSigningToolClasses => SigningToolClasses ?? DefaultSigningToolClasses;
}
