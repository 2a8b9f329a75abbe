using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Asn1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Pkcs;

namespace KepOffice.Tests.Shared;

// Compiled into the integration tests and the benchmarks (a linked file): CSRs of the test applicant, made in-process.

internal static class GostCsr
{
    /// <summary>A PKCS#10 request of a fresh key for Иванов Иван Иванович (the СНИЛС and ИНН the test applications carry).</summary>
    public static byte[] Make(KeySpec spec, int i)
    {
        var key = KeyPairFactory.Generate(spec);
        static DerSet Rdn(DerObjectIdentifier oid, Asn1Encodable value) => new(new DerSequence(oid, value));
        var subject = X509Name.GetInstance(new DerSequence(
            Rdn(X509Name.CN, new DerUtf8String($"Иванов {i}")),
            Rdn(X509Name.Surname, new DerUtf8String("Иванов")),
            Rdn(X509Name.GivenName, new DerUtf8String("Иван Иванович")),
            Rdn(RuOids.Snils, new DerNumericString("11223344595")),
            Rdn(RuOids.Inn, new DerNumericString("500100732259"))));
        var algorithm = spec.Algorithm == KeyAlgorithm.EcdsaP256 ? "SHA256WITHECDSA" : "GOST3411-2012-256WITHECGOST3410-2012-256";
        return new Pkcs10CertificationRequest(new Asn1SignatureFactory(algorithm, key.Private), subject, key.Public, null).GetEncoded();
    }
}
