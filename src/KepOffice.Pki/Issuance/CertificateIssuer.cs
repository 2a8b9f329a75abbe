using KepOffice.Pki.Asn1;
using KepOffice.Pki.Authority;
using KepOffice.Pki.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Issuance;

/// <summary>Issues end-entity certificates exactly per PROFILE.md. Thread-safe.</summary>
public sealed class CertificateIssuer
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an issuer that reads the current time from <paramref name="timeProvider"/>.</summary>
    public CertificateIssuer(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Builds, signs and returns the certificate.</summary>
    /// <exception cref="SubjectValidationException">Required subject attributes are missing or invalid.</exception>
    /// <exception cref="InvalidOperationException">The CA certificate is not valid for the whole period.</exception>
    /// <exception cref="ArgumentException">The profile's periods are inconsistent.</exception>
    public IssuedCertificate Issue(CertificateAuthority ca, IssuanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(request);
        var profile = request.Profile;
        if (profile.ValidityMonths < 1 || profile.PrivateKeyUsageMonths < 1 || profile.PrivateKeyUsageMonths > profile.ValidityMonths)
        {
            throw new ArgumentException($"Профиль «{profile.Name}»: срок действия и срок ключа должны быть не меньше месяца, а срок ключа — не больше срока сертификата.", nameof(request));
        }

        var subject = SubjectNameFactory.Create(request.Subject, profile.SubjectType);

        var now = _timeProvider.GetUtcNow();
        var notBefore = TbsSigner.TruncateToSeconds(now);
        var notAfter = notBefore.AddMonths(profile.ValidityMonths);
        var keyNotAfter = notBefore.AddMonths(profile.PrivateKeyUsageMonths);
        if (notBefore < ca.Certificate.NotBefore || notAfter > ca.Certificate.NotAfter)
        {
            throw new InvalidOperationException(
                $"Срок действия сертификата ({notBefore:dd.MM.yyyy}–{notAfter:dd.MM.yyyy}) выходит за срок действия сертификата УЦ ({ca.Certificate.NotBefore:dd.MM.yyyy}–{ca.Certificate.NotAfter:dd.MM.yyyy}).");
        }

        var extensions = new X509ExtensionsGenerator();
        extensions.AddExtension(X509Extensions.KeyUsage, true, QualifiedExtensions.KeyUsage(profile.KeyUsage));
        if (profile.EffectiveExtendedKeyUsages.Count > 0)
        {
            extensions.AddExtension(X509Extensions.ExtendedKeyUsage, false, QualifiedExtensions.ExtendedKeyUsage(profile.EffectiveExtendedKeyUsages));
        }

        extensions.AddExtension(RuOids.SubjectSignTool, false, QualifiedExtensions.SubjectSignTool(request.SubjectSignTool ?? profile.SubjectSignTool));
        extensions.AddExtension(RuOids.IssuerSignTool, false, QualifiedExtensions.IssuerSignTool(profile.IssuerSignTool));
        if (profile.EffectiveSigningToolClasses.Count > 0)
        {
            extensions.AddExtension(X509Extensions.CertificatePolicies, false, QualifiedExtensions.Policies(profile.EffectiveSigningToolClasses));
        }

        extensions.AddExtension(RuOids.IdentificationKind, false, QualifiedExtensions.IdentificationKind(request.IdentificationKind));
        extensions.AddExtension(X509Extensions.PrivateKeyUsagePeriod, false, QualifiedExtensions.PrivateKeyUsagePeriod(notBefore, keyNotAfter));
        if (profile.CrlDistributionPoints.Count > 0)
        {
            extensions.AddExtension(X509Extensions.CrlDistributionPoints, false, QualifiedExtensions.CrlDistributionPoints(profile.CrlDistributionPoints));
        }

        if (!string.IsNullOrWhiteSpace(profile.CaIssuersUrl) || !string.IsNullOrWhiteSpace(profile.OcspUrl))
        {
            extensions.AddExtension(X509Extensions.AuthorityInfoAccess, false, QualifiedExtensions.AuthorityInformationAccess(profile.CaIssuersUrl, profile.OcspUrl));
        }

        extensions.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, QualifiedExtensions.AuthorityKeyIdentifier(ca.Certificate));
        extensions.AddExtension(X509Extensions.SubjectKeyIdentifier, false, QualifiedExtensions.SubjectKeyIdentifier(request.PublicKey));

        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(new DerInteger(SerialNumbers.Next()));
        tbs.SetIssuer(ca.Certificate.SubjectDN);
        tbs.SetStartDate(new Time(notBefore));
        tbs.SetEndDate(new Time(notAfter));
        tbs.SetSubject(subject);
        tbs.SetSubjectPublicKeyInfo(request.PublicKey);
        tbs.SetExtensions(extensions.Generate());
        return new IssuedCertificate(TbsSigner.Sign(tbs, ca.Signer));
    }
}
