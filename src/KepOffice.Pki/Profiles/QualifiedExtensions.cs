using KepOffice.Pki.Asn1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509.Extension;

namespace KepOffice.Pki.Profiles;

/// <summary>Encodes each extension of the qualified-certificate profile (one method per extension).</summary>
internal static class QualifiedExtensions
{
    public static KeyUsage KeyUsage(CertificateKeyUsage usage)
    {
        var bits = 0;
        if (usage.HasFlag(CertificateKeyUsage.DigitalSignature)) bits |= Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature;
        if (usage.HasFlag(CertificateKeyUsage.NonRepudiation)) bits |= Org.BouncyCastle.Asn1.X509.KeyUsage.NonRepudiation;
        if (usage.HasFlag(CertificateKeyUsage.KeyEncipherment)) bits |= Org.BouncyCastle.Asn1.X509.KeyUsage.KeyEncipherment;
        if (usage.HasFlag(CertificateKeyUsage.DataEncipherment)) bits |= Org.BouncyCastle.Asn1.X509.KeyUsage.DataEncipherment;
        if (usage.HasFlag(CertificateKeyUsage.KeyAgreement)) bits |= Org.BouncyCastle.Asn1.X509.KeyUsage.KeyAgreement;
        return new KeyUsage(bits);
    }

    public static ExtendedKeyUsage ExtendedKeyUsage(IEnumerable<string> oids) =>
        new(oids.Select(o => KeyPurposeID.GetInstance(new DerObjectIdentifier(o))).ToArray());

    public static DerUtf8String SubjectSignTool(string tool) => new(CheckToolString(tool, "subjectSignTool"));

    public static DerSequence IssuerSignTool(IssuerSignTool tool) => new(
        new DerUtf8String(CheckToolString(tool.SigningTool, "issuerSignTool.signTool")),
        new DerUtf8String(CheckToolString(tool.CaTool, "issuerSignTool.cATool")),
        new DerUtf8String(CheckToolString(tool.SigningToolCertificate, "issuerSignTool.signToolCert")),
        new DerUtf8String(CheckToolString(tool.CaToolCertificate, "issuerSignTool.cAToolCert")));

    public static CertificatePolicies Policies(IEnumerable<SigningToolClass> classes) => new(
        classes.Distinct().Order()
            .Select(c => new PolicyInformation(RuOids.SigningToolClassArc.Branch(((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .ToArray());

    public static DerInteger IdentificationKind(IdentificationKind kind) => DerInteger.ValueOf((int)kind);

    public static DerSequence PrivateKeyUsagePeriod(DateTime notBefore, DateTime notAfter) => new(
        new DerTaggedObject(false, 0, new DerGeneralizedTime(notBefore)),
        new DerTaggedObject(false, 1, new DerGeneralizedTime(notAfter)));

    public static CrlDistPoint CrlDistributionPoints(IEnumerable<string> urls) => new(
        urls.Select(u => new DistributionPoint(
                new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, u))), null, null))
            .ToArray());

    public static AuthorityInformationAccess AuthorityInformationAccess(string? caIssuersUrl, string? ocspUrl)
    {
        var descriptions = new List<AccessDescription>();
        if (!string.IsNullOrWhiteSpace(ocspUrl))
        {
            descriptions.Add(new AccessDescription(AccessDescription.IdADOcsp, new GeneralName(GeneralName.UniformResourceIdentifier, ocspUrl)));
        }

        if (!string.IsNullOrWhiteSpace(caIssuersUrl))
        {
            descriptions.Add(new AccessDescription(AccessDescription.IdADCAIssuers, new GeneralName(GeneralName.UniformResourceIdentifier, caIssuersUrl)));
        }

        return new AuthorityInformationAccess(descriptions.ToArray());
    }

    public static SubjectKeyIdentifier SubjectKeyIdentifier(SubjectPublicKeyInfo publicKey) =>
        X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey);

    public static AuthorityKeyIdentifier AuthorityKeyIdentifier(Org.BouncyCastle.X509.X509Certificate issuer)
    {
        var ski = issuer.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
        var keyId = ski is not null
            ? Org.BouncyCastle.Asn1.X509.SubjectKeyIdentifier.GetInstance(Asn1Object.FromByteArray(ski.GetOctets())).GetKeyIdentifier()
            : SubjectKeyIdentifier(issuer.SubjectPublicKeyInfo).GetKeyIdentifier();
        return new AuthorityKeyIdentifier(keyId);
    }

    private static string CheckToolString(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200)
        {
            throw new ArgumentException($"{name}: требуется строка длиной от 1 до 200 символов.");
        }

        return value;
    }
}
