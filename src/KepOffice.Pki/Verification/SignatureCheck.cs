using KepOffice.Pki.Algorithms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;

namespace KepOffice.Pki.Verification;

/// <summary>Verifies X.509 signatures with keys decoded by <see cref="KeySpecs"/> (RFC 9215 parameters included).</summary>
internal static class SignatureCheck
{
    public static bool Verify(byte[] signedBytes, AlgorithmIdentifier algorithm, byte[] signature, SubjectPublicKeyInfo signerKey, out string? problem)
    {
        problem = null;
        if (!SignatureAlgorithms.TryFromOid(algorithm.Algorithm, out var signatureAlgorithm))
        {
            problem = $"алгоритм подписи {algorithm.Algorithm.Id} не поддерживается";
            return false;
        }

        if (!KeySpecs.TryFromSubjectPublicKeyInfo(signerKey, out var spec, out var description) || spec.Algorithm != signatureAlgorithm)
        {
            problem = $"ключ издателя ({description}) не подходит к алгоритму подписи";
            return false;
        }

        try
        {
            var verifier = SignerUtilities.GetSigner(SignatureAlgorithms.BouncyCastleName(signatureAlgorithm));
            verifier.Init(false, KeySpecs.DecodePublicKey(signerKey, spec));
            verifier.BlockUpdate(signedBytes, 0, signedBytes.Length);
            return verifier.VerifySignature(signature);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            problem = "подпись повреждена";
            return false;
        }
    }
}
