using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace KepOffice.Pki.Algorithms;

/// <summary>Recognises the <see cref="KeySpec"/> of public keys and SubjectPublicKeyInfo structures.</summary>
public static class KeySpecs
{
    /// <summary>
    /// Determines the spec of a SubjectPublicKeyInfo, or returns false with a Russian description of
    /// what was found (e.g. «RSA») when the algorithm is not one the CA works with.
    /// </summary>
    public static bool TryFromSubjectPublicKeyInfo(SubjectPublicKeyInfo info, out KeySpec spec, out string description)
    {
        spec = default;
        var algorithm = info.Algorithm.Algorithm;
        description = algorithm.Id;
        if (algorithm.Equals(RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256)
            || algorithm.Equals(RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512))
        {
            var is512 = algorithm.Equals(RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512);
            description = is512 ? "ГОСТ Р 34.10-2012 512" : "ГОСТ Р 34.10-2012 256";
            if (info.Algorithm.Parameters?.ToAsn1Object() is not Asn1Sequence parameters)
            {
                description += " без параметров кривой";
                return false;
            }

            var paramSet = Gost3410PublicKeyAlgParameters.GetInstance(parameters).PublicKeyParamSet;
            if (!KeySpec.TryFromParameterSetOid(paramSet, out var set))
            {
                description += $" с набором параметров {paramSet.Id}";
                return false;
            }

            spec = new KeySpec(is512 ? KeyAlgorithm.Gost2012_512 : KeyAlgorithm.Gost2012_256, set);
            if (!spec.IsConsistent)
            {
                description += $" с неподходящим набором параметров {paramSet.Id}";
                return false;
            }

            return true;
        }

        if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            if (info.Algorithm.Parameters?.ToAsn1Object() is DerObjectIdentifier curve && curve.Equals(SecObjectIdentifiers.SecP256r1))
            {
                spec = KeySpec.EcdsaP256;
                description = spec.ToString();
                return true;
            }

            description = "ECDSA на кривой, отличной от P-256";
            return false;
        }

        if (algorithm.Equals(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.RsaEncryption))
        {
            description = "RSA";
        }
        else if (algorithm.Equals(CryptoProObjectIdentifiers.GostR3410x2001))
        {
            description = "ГОСТ Р 34.10-2001 (выведен из употребления)";
        }

        return false;
    }

    /// <summary>Determines the spec of a BouncyCastle public key.</summary>
    /// <exception cref="ArgumentException">The key is of an unsupported kind.</exception>
    public static KeySpec FromPublicKey(AsymmetricKeyParameter publicKey)
    {
        var info = Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey);
        return TryFromSubjectPublicKeyInfo(info, out var spec, out var description)
            ? spec
            : throw new ArgumentException($"Алгоритм ключа не поддерживается: {description}.", nameof(publicKey));
    }

    internal static bool IsGost(this KeySpec spec) => spec.Algorithm is KeyAlgorithm.Gost2012_256 or KeyAlgorithm.Gost2012_512;
}
