using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;

namespace KepOffice.Pki.Csr;

/// <summary>Fingerprints of public keys, used to refuse issuing a certificate twice for one key.</summary>
public static class PublicKeyFingerprints
{
    /// <summary>SHA-256 over the DER SubjectPublicKeyInfo, lower-case hex (64 characters).</summary>
    public static string Compute(SubjectPublicKeyInfo publicKey) =>
        Convert.ToHexStringLower(SHA256.HashData(publicKey.GetDerEncoded()));
}
