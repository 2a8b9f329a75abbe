using KepOffice.Pki.Algorithms;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace KepOffice.UnitTests.Pki.Algorithms;

/// <summary>
/// Public keys of other parties (CSRs, certificates, CMS signers) must lie on the curve and in its
/// prime-order subgroup; the sets with cofactor 4 have points of small order that pass the curve equation.
/// </summary>
public sealed class GostPublicKeyValidationTests
{
    public static TheoryData<GostParameterSet> SetsWithCofactor() => new() { GostParameterSet.Tc26_256_A, GostParameterSet.Tc26_512_C };

    private static KeySpec SpecOf(GostParameterSet set) =>
        set == GostParameterSet.Tc26_512_C ? KeySpec.Gost512With(set) : KeySpec.Gost256With(set);

    [Theory]
    [MemberData(nameof(SetsWithCofactor))]
    public void Point_on_the_curve_outside_the_prime_order_subgroup_is_refused(GostParameterSet set)
    {
        var spec = SpecOf(set);
        var keyPair = KeyPairFactory.Generate(spec);
        var q = ((ECPublicKeyParameters)keyPair.Public).Q.Normalize();
        var torsion = SmallOrderPoint(q.Curve);

        var shifted = q.Add(torsion).Normalize();
        Assert.True(SatisfiesCurveEquation(shifted), "Q + T must be on the curve, or the test proves nothing");
        Assert.False(ECAlgorithms.ReferenceMultiply(shifted, q.Curve.Order).IsInfinity);

        var genuine = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(keyPair.Public);
        Assert.NotNull(KeySpecs.DecodePublicKey(genuine, spec));
        foreach (var bad in new[] { shifted, torsion, torsion.Twice().Normalize() })
        {
            if (bad.IsInfinity)
            {
                continue; // T of order 2: 2T is the point at infinity, which has no coordinates to encode
            }

            var error = Assert.Throws<ArgumentException>(() => KeySpecs.DecodePublicKey(WithPoint(genuine, spec, bad), spec));
            Assert.Equal("Точка открытого ключа ГОСТ не принадлежит подгруппе простого порядка.", error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(SetsWithCofactor))]
    public void Point_off_the_curve_is_refused(GostParameterSet set)
    {
        var spec = SpecOf(set);
        var keyPair = KeyPairFactory.Generate(spec);
        var q = ((ECPublicKeyParameters)keyPair.Public).Q.Normalize();
        var off = q.Curve.CreatePoint(q.AffineXCoord.ToBigInteger(), q.AffineYCoord.ToBigInteger().Add(BigInteger.One));
        Assert.False(SatisfiesCurveEquation(off));

        var genuine = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(keyPair.Public);
        var error = Assert.Throws<ArgumentException>(() => KeySpecs.DecodePublicKey(WithPoint(genuine, spec, off), spec));
        Assert.Equal("Точка открытого ключа ГОСТ не лежит на кривой.", error.Message);
    }

    [Theory]
    [MemberData(nameof(SetsWithCofactor))]
    public void Decoded_key_verifies_a_genuine_signature_and_refuses_a_tampered_one(GostParameterSet set)
    {
        var spec = SpecOf(set);
        var keyPair = KeyPairFactory.Generate(spec);
        var name = spec.Algorithm == KeyAlgorithm.Gost2012_512
            ? "GOST3411-2012-512WITHECGOST3410-2012-512"
            : "GOST3411-2012-256WITHECGOST3410-2012-256";
        var data = "подписываемые данные"u8.ToArray();
        var signer = SignerUtilities.GetSigner(name);
        signer.Init(true, keyPair.Private);
        signer.BlockUpdate(data, 0, data.Length);
        var signature = signer.GenerateSignature();

        var key = KeySpecs.DecodePublicKey(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(keyPair.Public), spec);
        Assert.True(Verify(name, key, data, signature));
        signature[5] ^= 0x01;
        Assert.False(Verify(name, key, data, signature));
    }

    private static bool Verify(string name, Org.BouncyCastle.Crypto.AsymmetricKeyParameter key, byte[] data, byte[] signature)
    {
        var verifier = SignerUtilities.GetSigner(name);
        verifier.Init(false, key);
        verifier.BlockUpdate(data, 0, data.Length);
        return verifier.VerifySignature(signature);
    }

    /// <summary>A point T ≠ O with h·T = O: the n-multiple of an arbitrary curve point, found by trying x = 1, 2, ….</summary>
    private static ECPoint SmallOrderPoint(ECCurve curve)
    {
        for (var i = 1; i < 1000; i++)
        {
            var x = curve.FromBigInteger(BigInteger.ValueOf(i));
            var y = x.Square().Add(curve.A).Multiply(x).Add(curve.B).Sqrt();
            if (y is null)
            {
                continue;
            }

            var t = ECAlgorithms.ReferenceMultiply(curve.CreatePoint(x.ToBigInteger(), y.ToBigInteger()), curve.Order).Normalize();
            if (!t.IsInfinity)
            {
                Assert.True(ECAlgorithms.ReferenceMultiply(t, curve.Cofactor).IsInfinity);
                return t;
            }
        }

        throw new InvalidOperationException("no point outside the subgroup found");
    }

    private static bool SatisfiesCurveEquation(ECPoint p)
    {
        var c = p.Curve;
        var x = p.AffineXCoord;
        var y = p.AffineYCoord;
        return y.Square().Equals(x.Square().Add(c.A).Multiply(x).Add(c.B));
    }

    private static SubjectPublicKeyInfo WithPoint(SubjectPublicKeyInfo genuine, KeySpec spec, ECPoint point)
    {
        var size = spec.Algorithm == KeyAlgorithm.Gost2012_512 ? 64 : 32;
        var x = BigIntegers(point.AffineXCoord.ToBigInteger(), size);
        var y = BigIntegers(point.AffineYCoord.ToBigInteger(), size);
        Array.Reverse(x);
        Array.Reverse(y);
        return new SubjectPublicKeyInfo(genuine.Algorithm, new DerOctetString([.. x, .. y]).GetEncoded());
    }

    private static byte[] BigIntegers(BigInteger value, int size) => Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(size, value);
}
