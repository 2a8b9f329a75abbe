using KepOffice.Pki.Asn1;
using KepOffice.Pki.Identifiers;
using KepOffice.Pki.Keys;
using KepOffice.Pki.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Authority;

/// <summary>Creates, imports and exports CA certificates and keys.</summary>
public sealed class CertificateAuthorityFactory
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the factory; validity periods start at <paramref name="timeProvider"/>'s now.</summary>
    public CertificateAuthorityFactory(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Generates a key in <paramref name="keys"/> and a self-signed root certificate for it.</summary>
    public async Task<CertificateAuthority> CreateRootAsync(CaCreationRequest request, ICaKeyProvider keys, CancellationToken cancellationToken = default)
    {
        var name = BuildName(request.Name);
        var signer = await keys.GenerateAsync(request.KeyId, request.KeySpec, cancellationToken).ConfigureAwait(false);
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(signer.PublicKey);
        var tbs = NewCaTbs(request, name, name, spki, pathLength: null, issuerCertificate: null);
        return new CertificateAuthority(TbsSigner.Sign(tbs, signer), [], signer);
    }

    /// <summary>Generates a key and an issuing CA certificate signed by <paramref name="parent"/> (path length 0).</summary>
    public async Task<CertificateAuthority> CreateIssuingAsync(CaCreationRequest request, CertificateAuthority parent, ICaKeyProvider keys, CancellationToken cancellationToken = default)
    {
        // Checked before the key is generated so a refused request leaves nothing in the key store.
        if (TbsSigner.TruncateToSeconds(_timeProvider.GetUtcNow()).AddYears(request.ValidityYears) > parent.Certificate.NotAfter)
        {
            throw new InvalidOperationException("Срок действия подчинённого УЦ выходит за срок действия вышестоящего УЦ: уменьшите ValidityYears.");
        }

        var name = BuildName(request.Name);
        var signer = await keys.GenerateAsync(request.KeyId, request.KeySpec, cancellationToken).ConfigureAwait(false);
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(signer.PublicKey);
        var tbs = NewCaTbs(request, name, parent.Certificate.SubjectDN, spki, pathLength: 0, parent.Certificate);
        var certificate = TbsSigner.Sign(tbs, parent.Signer);
        return new CertificateAuthority(certificate, parent.Chain, signer);
    }

    /// <summary>
    /// Imports a CA from PKCS#12: the key is stored in <paramref name="keys"/> under <paramref name="keyId"/>
    /// (encrypted with the provider's passphrase); the chain is taken from the file.
    /// </summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">Wrong password, damaged file, or no CA key inside.</exception>
    public static async Task<CertificateAuthority> ImportPkcs12Async(byte[] pfx, string password, string keyId, SoftwareCaKeyProvider keys, CancellationToken cancellationToken = default)
    {
        var (privateKey, chain) = Pkcs12Files.Read(pfx, password);
        var certificate = chain[0];
        var basic = certificate.GetBasicConstraints();
        if (basic < 0)
        {
            throw new System.Security.Cryptography.CryptographicException("Сертификат в PKCS#12 не является сертификатом УЦ (нет basicConstraints cA=true).");
        }

        var signer = new SoftwareCaSigner(privateKey);
        var authority = new CertificateAuthority(certificate, chain.Skip(1).ToList(), signer);
        await keys.ImportAsync(keyId, privateKey, cancellationToken).ConfigureAwait(false);
        return authority;
    }

    /// <summary>Exports a software CA (certificate, chain, key) to PKCS#12 for backup or transfer.</summary>
    public static async Task<byte[]> ExportPkcs12Async(CertificateAuthority ca, string keyId, SoftwareCaKeyProvider keys, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var privateKey = await keys.LoadPrivateKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        return Pkcs12Files.Write(privateKey, ca.Chain, password);
    }

    private V3TbsCertificateGenerator NewCaTbs(CaCreationRequest request, X509Name subject, X509Name issuer, SubjectPublicKeyInfo spki, int? pathLength, X509Certificate? issuerCertificate)
    {
        var notBefore = TbsSigner.TruncateToSeconds(_timeProvider.GetUtcNow());
        var extensions = new X509ExtensionsGenerator();
        extensions.AddExtension(X509Extensions.BasicConstraints, true, pathLength is { } length ? new BasicConstraints(length) : new BasicConstraints(true));
        extensions.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        extensions.AddExtension(X509Extensions.SubjectKeyIdentifier, false, QualifiedExtensions.SubjectKeyIdentifier(spki));
        if (issuerCertificate is not null)
        {
            extensions.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, QualifiedExtensions.AuthorityKeyIdentifier(issuerCertificate));
        }

        if (!string.IsNullOrWhiteSpace(request.SubjectSignTool))
        {
            extensions.AddExtension(RuOids.SubjectSignTool, false, QualifiedExtensions.SubjectSignTool(request.SubjectSignTool));
        }

        if (request.CrlDistributionPoints.Count > 0)
        {
            extensions.AddExtension(X509Extensions.CrlDistributionPoints, false, QualifiedExtensions.CrlDistributionPoints(request.CrlDistributionPoints));
        }

        if (!string.IsNullOrWhiteSpace(request.CaIssuersUrl))
        {
            extensions.AddExtension(X509Extensions.AuthorityInfoAccess, false, QualifiedExtensions.AuthorityInformationAccess(request.CaIssuersUrl, null));
        }

        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(new DerInteger(SerialNumbers.Next()));
        tbs.SetIssuer(issuer);
        tbs.SetSubject(subject);
        tbs.SetStartDate(new Time(notBefore));
        tbs.SetEndDate(new Time(notBefore.AddYears(request.ValidityYears)));
        tbs.SetSubjectPublicKeyInfo(spki);
        tbs.SetExtensions(extensions.Generate());
        return tbs;
    }

    private static X509Name BuildName(CaName name)
    {
        var ogrn = name.Ogrn is null ? null : RussianIdentifiers.CheckOgrn(name.Ogrn).GetValueOrThrow();
        var innLe = name.InnLe is null ? null : RussianIdentifiers.CheckLegalEntityInn(name.InnLe).GetValueOrThrow();
        return new DistinguishedNameBuilder()
            .Utf8(X509Name.CN, name.CommonName)
            .Utf8(X509Name.O, name.Organization)
            .Utf8(X509Name.Street, name.Street)
            .Utf8(X509Name.L, name.Locality)
            .Utf8(X509Name.ST, name.Region)
            .Country()
            .Email(name.Email)
            .Numeric(RuOids.Ogrn, ogrn)
            .Numeric(RuOids.InnLe, innLe)
            .Build();
    }
}
