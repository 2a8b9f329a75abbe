using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace KepOffice.Pki.Algorithms;

/// <summary>Maps key algorithms to the signature algorithms the CA signs with.</summary>
internal static class SignatureAlgorithms
{
    public static string BouncyCastleName(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Gost2012_256 => "GOST3411-2012-256WITHECGOST3410-2012-256",
        KeyAlgorithm.Gost2012_512 => "GOST3411-2012-512WITHECGOST3410-2012-512",
        KeyAlgorithm.EcdsaP256 => "SHA256WITHECDSA",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static DerObjectIdentifier Oid(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Gost2012_256 => RosstandartObjectIdentifiers.id_tc26_signwithdigest_gost_3410_12_256,
        KeyAlgorithm.Gost2012_512 => RosstandartObjectIdentifiers.id_tc26_signwithdigest_gost_3410_12_512,
        KeyAlgorithm.EcdsaP256 => X9ObjectIdentifiers.ECDsaWithSha256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    // RFC 9215 and RFC 5758 both require the parameters field to be absent (not NULL).
    public static AlgorithmIdentifier Identifier(KeyAlgorithm algorithm) => new(Oid(algorithm));

    public static bool TryFromOid(DerObjectIdentifier oid, out KeyAlgorithm algorithm)
    {
        foreach (var candidate in Enum.GetValues<KeyAlgorithm>())
        {
            if (Oid(candidate).Equals(oid))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }
}
