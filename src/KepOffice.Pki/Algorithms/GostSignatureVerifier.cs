using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;

namespace KepOffice.Pki.Algorithms;

/// <summary>
/// GOST R 34.10-2012 verification for keys arriving in requests. BouncyCastle's ECPublicKeyParameters checks
/// n·Q = O with its slow reference multiplier, which doubled the cost of CSR intake for the cofactor-4 curves
/// (TC26 256 A, 512 C); here the same subgroup check runs with a wNAF multiplier.
/// </summary>
internal static class GostSignatureVerifier
{
    public static bool Verify(SubjectPublicKeyInfo publicKey, KeySpec spec, byte[] data, byte[] signature)
    {
        var domain = KeyPairFactory.GostDomain(spec);
        var q = DecodeSubgroupPoint(publicKey, spec, domain);
        var size = spec.Algorithm == KeyAlgorithm.Gost2012_512 ? 64 : 32;
        if (signature.Length != 2 * size)
        {
            return false;
        }

        IDigest digest = spec.Algorithm == KeyAlgorithm.Gost2012_512 ? new Gost3411_2012_512Digest() : new Gost3411_2012_256Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);

        // The signature is s ‖ r, the digest is read little-endian (GOST R 34.10-2012, RFC 9215).
        var s = new BigInteger(1, signature, 0, size);
        var r = new BigInteger(1, signature, size, size);
        var n = domain.N;
        if (r.SignValue <= 0 || r.CompareTo(n) >= 0 || s.SignValue <= 0 || s.CompareTo(n) >= 0)
        {
            return false;
        }

        Array.Reverse(hash);
        var e = new BigInteger(1, hash).Mod(n);
        if (e.SignValue == 0)
        {
            e = BigInteger.One;
        }

        var v = e.ModInverse(n);
        var z1 = s.Multiply(v).Mod(n);
        var z2 = n.Subtract(r).Multiply(v).Mod(n);
        var point = ECAlgorithms.SumOfTwoMultiplies(domain.G, z1, q, z2).Normalize();
        return !point.IsInfinity && point.AffineXCoord.ToBigInteger().Mod(n).Equals(r);
    }

    private static ECPoint DecodeSubgroupPoint(SubjectPublicKeyInfo info, KeySpec spec, Org.BouncyCastle.Crypto.Parameters.ECDomainParameters domain)
    {
        var size = spec.Algorithm == KeyAlgorithm.Gost2012_512 ? 64 : 32;
        var encoded = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(info.PublicKey.GetOctets())).GetOctets();
        if (encoded.Length != 2 * size)
        {
            throw new ArgumentException($"Открытый ключ ГОСТ должен занимать {2 * size} байт, получено {encoded.Length}.");
        }

        var x = encoded.AsSpan(0, size).ToArray();
        var y = encoded.AsSpan(size, size).ToArray();
        Array.Reverse(x);
        Array.Reverse(y);
        var curve = domain.Curve;
        var bx = new BigInteger(1, x);
        var by = new BigInteger(1, y);
        if (!curve.IsValidFieldElement(bx) || !curve.IsValidFieldElement(by))
        {
            throw new ArgumentException("Координаты открытого ключа вне поля кривой.");
        }

        var point = curve.CreatePoint(bx, by);
        var fx = point.AffineXCoord;
        var fy = point.AffineYCoord;
        if (!fy.Square().Equals(fx.Square().Add(curve.A).Multiply(fx).Add(curve.B)))
        {
            throw new ArgumentException("Открытый ключ не лежит на кривой.");
        }

        if (!BigInteger.One.Equals(domain.H) && !new WNafL2RMultiplier().Multiply(point, domain.N).IsInfinity)
        {
            throw new ArgumentException("Открытый ключ не принадлежит подгруппе простого порядка.");
        }

        return point;
    }
}
