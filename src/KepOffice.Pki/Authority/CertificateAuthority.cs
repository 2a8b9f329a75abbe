using KepOffice.Pki.Keys;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Authority;

/// <summary>
/// A CA ready to sign: its certificate, the certificates above it (nearest issuer first, root last;
/// empty for a root) and its signing key.
/// </summary>
public sealed class CertificateAuthority
{
    /// <summary>Binds a certificate to its signer; the signer's public key must match the certificate.</summary>
    public CertificateAuthority(X509Certificate certificate, IReadOnlyList<X509Certificate> issuers, ICaSigner signer)
    {
        var signerKey = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(signer.PublicKey).PublicKey.GetBytes();
        if (!certificate.SubjectPublicKeyInfo.PublicKey.GetBytes().AsSpan().SequenceEqual(signerKey))
        {
            throw new ArgumentException("Ключ подписи не соответствует сертификату УЦ.", nameof(signer));
        }

        Certificate = certificate;
        Issuers = issuers;
        Signer = signer;
    }

    /// <summary>The CA's own certificate.</summary>
    public X509Certificate Certificate { get; }

    /// <summary>Issuer certificates up to the root (nearest first); empty for a root CA.</summary>
    public IReadOnlyList<X509Certificate> Issuers { get; }

    /// <summary>The CA's signing key.</summary>
    public ICaSigner Signer { get; }

    /// <summary>The CA certificate followed by its issuers: the chain to hand out with issued certificates.</summary>
    public IReadOnlyList<X509Certificate> Chain => [Certificate, .. Issuers];
}
