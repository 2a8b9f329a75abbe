using KepOffice.Pki.Algorithms;
using Org.BouncyCastle.Crypto;

namespace KepOffice.Pki.Keys;

/// <summary>
/// A CA signing key. The private key never leaves the implementation, so a PKCS#11 (HSM)
/// implementation can replace <see cref="SoftwareCaSigner"/> without touching issuance or CRL code.
/// </summary>
public interface ICaSigner
{
    /// <summary>Algorithm and parameter set of the key.</summary>
    KeySpec KeySpec { get; }

    /// <summary>The public half of the key.</summary>
    AsymmetricKeyParameter PublicKey { get; }

    /// <summary>
    /// Signs <paramref name="data"/> (hash-and-sign) and returns the signature in its X.509 encoding:
    /// for GOST R 34.10-2012 the 64/128-byte s‖r value, for ECDSA the DER SEQUENCE of r and s.
    /// </summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}
