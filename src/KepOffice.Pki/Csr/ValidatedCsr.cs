using KepOffice.Pki.Algorithms;
using Org.BouncyCastle.Asn1.X509;

namespace KepOffice.Pki.Csr;

/// <summary>A CSR whose format, algorithm, proof of possession and subject have been checked.</summary>
public sealed class ValidatedCsr
{
    internal ValidatedCsr(byte[] der, SubjectPublicKeyInfo publicKey, KeySpec keySpec, X509Name subject)
    {
        Der = der;
        PublicKey = publicKey;
        KeySpec = keySpec;
        Subject = subject;
        PublicKeyFingerprint = PublicKeyFingerprints.Compute(publicKey);
    }

    /// <summary>The request in DER.</summary>
    public byte[] Der { get; }

    /// <summary>The public key exactly as requested; pass it to <see cref="Issuance.IssuanceRequest"/>.</summary>
    public SubjectPublicKeyInfo PublicKey { get; }

    /// <summary>Key algorithm and parameter set.</summary>
    public KeySpec KeySpec { get; }

    /// <summary>Subject name as requested (informational: the certificate's subject is built from the application).</summary>
    public X509Name Subject { get; }

    /// <summary>SHA-256 of the SubjectPublicKeyInfo, lower-case hex.</summary>
    public string PublicKeyFingerprint { get; }
}
