using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Keys;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace KepOffice.UnitTests.Pki.Algorithms;

public sealed class KeyPairFactoryTests
{
    public static TheoryData<KeyAlgorithm, GostParameterSet> AllSpecs()
    {
        var data = new TheoryData<KeyAlgorithm, GostParameterSet>();
        foreach (var algorithm in new[] { KeyAlgorithm.Gost2012_256, KeyAlgorithm.Gost2012_512 })
        {
            foreach (var set in Enum.GetValues<GostParameterSet>())
            {
                if (new KeySpec(algorithm, set).IsConsistent && set is not (GostParameterSet.CryptoProA or GostParameterSet.CryptoProXchA))
                {
                    data.Add(algorithm, set);
                }
            }
        }

        data.Add(KeyAlgorithm.EcdsaP256, default);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllSpecs))]
    public void Every_supported_spec_generates_signs_and_round_trips_through_spki(KeyAlgorithm algorithm, GostParameterSet set)
    {
        var spec = new KeySpec(algorithm, set);
        var keyPair = KeyPairFactory.Generate(spec);
        var signer = new SoftwareCaSigner(keyPair);
        Assert.Equal(spec, signer.KeySpec);

        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(keyPair.Public);
        Assert.True(KeySpecs.TryFromSubjectPublicKeyInfo(spki, out var parsed, out _));
        Assert.Equal(spec, parsed);

        var data = "подписываемые данные"u8.ToArray();
        var signature = signer.Sign(data);
        var verifier = SignerUtilities.GetSigner(algorithm switch
        {
            KeyAlgorithm.Gost2012_256 => "GOST3411-2012-256WITHECGOST3410-2012-256",
            KeyAlgorithm.Gost2012_512 => "GOST3411-2012-512WITHECGOST3410-2012-512",
            _ => "SHA256WITHECDSA",
        });
        verifier.Init(false, KeySpecs.DecodePublicKey(spki, spec));
        verifier.BlockUpdate(data, 0, data.Length);
        Assert.True(verifier.VerifySignature(signature));
    }

    [Theory]
    [InlineData(GostParameterSet.CryptoProA)]
    [InlineData(GostParameterSet.CryptoProXchA)]
    public void CryptoPro_sets_are_for_requests_only(GostParameterSet set)
    {
        var error = Assert.Throws<ArgumentException>(() => KeyPairFactory.Generate(KeySpec.Gost256With(set)));
        Assert.StartsWith("Наборы параметров CryptoPro допускаются только во входящих запросах", error.Message);
    }

    [Fact]
    public void Rfc9215_spki_without_digest_parameters_is_recognised()
    {
        // TC26 256 A as openssl writes it: SEQUENCE { OID paramSetA } only.
        var keyPair = KeyPairFactory.Generate(KeySpec.Gost256);
        var full = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(keyPair.Public);
        var shortParameters = new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(full.Algorithm.Algorithm, new Org.BouncyCastle.Asn1.DerSequence(KeySpec.Gost256.ParameterSetOid)),
            full.PublicKey);
        Assert.True(KeySpecs.TryFromSubjectPublicKeyInfo(shortParameters, out var spec, out _));
        Assert.Equal(KeySpec.Gost256, spec);
        Assert.NotNull(KeySpecs.DecodePublicKey(shortParameters, spec));
    }
}
