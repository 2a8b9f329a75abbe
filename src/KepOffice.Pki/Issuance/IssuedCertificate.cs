using KepOffice.Pki.Csr;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Issuance;

/// <summary>A freshly issued certificate with the facts the register needs.</summary>
public sealed class IssuedCertificate
{
    internal IssuedCertificate(X509Certificate certificate)
    {
        Certificate = certificate;
        Der = certificate.GetEncoded();
        SerialNumberHex = certificate.SerialNumber.ToString(16).ToUpperInvariant();
        NotBefore = new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero);
        NotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero);
        PublicKeyFingerprint = PublicKeyFingerprints.Compute(certificate.SubjectPublicKeyInfo);
    }

    /// <summary>The certificate.</summary>
    public X509Certificate Certificate { get; }

    /// <summary>DER encoding (.cer).</summary>
    public byte[] Der { get; }

    /// <summary>Serial number, upper-case hex without leading zeros.</summary>
    public string SerialNumberHex { get; }

    /// <summary>Start of validity (UTC).</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of validity (UTC).</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>SHA-256 of the SubjectPublicKeyInfo, lower-case hex; lets the store refuse a key issued twice.</summary>
    public string PublicKeyFingerprint { get; }
}
