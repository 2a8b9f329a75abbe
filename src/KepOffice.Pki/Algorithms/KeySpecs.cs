using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

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
        try
        {
            return TryRecognise(info, out spec, out description);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or InvalidOperationException or IOException)
        {
            spec = default;
            description = "повреждённый открытый ключ";
            return false;
        }
    }

    private static bool TryRecognise(SubjectPublicKeyInfo info, out KeySpec spec, out string description)
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

            // RFC 9215 omits digestParamSet for TC26 sets, which BouncyCastle's own parser rejects,
            // so only the first element (the curve) is read here.
            if (parameters.Count is < 1 or > 3 || parameters[0] is not DerObjectIdentifier paramSet)
            {
                description += " с повреждёнными параметрами";
                return false;
            }

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

    /// <summary>
    /// Decodes the public key of a SubjectPublicKeyInfo already recognised as <paramref name="spec"/>.
    /// GOST keys are decoded here because BouncyCastle's factory rejects RFC 9215 parameters without a digest set.
    /// </summary>
    internal static AsymmetricKeyParameter DecodePublicKey(SubjectPublicKeyInfo info, KeySpec spec)
    {
        if (!spec.IsGost())
        {
            return Org.BouncyCastle.Security.PublicKeyFactory.CreateKey(info);
        }

        var size = spec.Algorithm == KeyAlgorithm.Gost2012_512 ? 64 : 32;
        var encoded = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(info.PublicKey.GetOctets())).GetOctets();
        if (encoded.Length != 2 * size)
        {
            throw new ArgumentException($"Открытый ключ ГОСТ должен занимать {2 * size} байт, получено {encoded.Length}.");
        }

        // GOST keys are little-endian X then Y.
        var x = encoded.AsSpan(0, size).ToArray();
        var y = encoded.AsSpan(size, size).ToArray();
        Array.Reverse(x);
        Array.Reverse(y);
        return new ECPublicKeyParameters("ECGOST3410", ValidatedGostPoint(spec, new BigInteger(1, x), new BigInteger(1, y)), KeyPairFactory.GostVerificationDomain(spec));
    }

    /// <summary>
    /// The point (x, y) of a GOST public key, refused unless it lies on the curve of <paramref name="spec"/>
    /// and in its prime-order subgroup (n·Q = O, Q ≠ O).
    /// </summary>
    /// <exception cref="ArgumentException">The point is off the curve, the point at infinity or outside the subgroup.</exception>
    internal static ECPoint ValidatedGostPoint(KeySpec spec, BigInteger x, BigInteger y)
    {
        var domain = KeyPairFactory.GostVerificationDomain(spec);
        var curve = domain.Curve;
        ECPoint point;
        try
        {
            // The verification curve has cofactor 1 (see KeyPairFactory.GostVerificationDomain), so this checks
            // the coordinates and the curve equation only; the subgroup is checked below.
            point = curve.ValidatePoint(x, y);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("Точка открытого ключа ГОСТ не лежит на кривой.");
        }

        // BouncyCastle's own order check uses a slow reference double-and-add; the curve's multiplier
        // caches its window table on the point, and the signature check then reuses that table for Q.
        if (point.IsInfinity || !curve.GetMultiplier().Multiply(point, domain.N).IsInfinity)
        {
            throw new ArgumentException("Точка открытого ключа ГОСТ не принадлежит подгруппе простого порядка.");
        }

        return point;
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
