using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace KepOffice.Pki.Algorithms;

/// <summary>Generates key pairs for the supported algorithms with a CSPRNG.</summary>
public static class KeyPairFactory
{
    /// <summary>Generates a new key pair for <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">The parameter set does not fit the key size, or is a CryptoPro set (read-only).</exception>
    public static AsymmetricCipherKeyPair Generate(KeySpec spec)
    {
        if (!spec.IsConsistent)
        {
            throw new ArgumentException($"Набор параметров {spec.ParameterSet} не подходит для {spec.Algorithm}.", nameof(spec));
        }

        if (spec.ParameterSet is GostParameterSet.CryptoProA or GostParameterSet.CryptoProXchA && spec.Algorithm != KeyAlgorithm.EcdsaP256)
        {
            // BouncyCastle would also label such a key GOST R 34.10-2001; RFC 9215 keeps these sets for old requests only.
            throw new ArgumentException("Наборы параметров CryptoPro допускаются только во входящих запросах; для новых ключей используйте TC26 A–D.", nameof(spec));
        }

        var random = new SecureRandom();
        if (spec.Algorithm == KeyAlgorithm.EcdsaP256)
        {
            var generator = GeneratorUtilities.GetKeyPairGenerator("EC");
            generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
            return generator.GenerateKeyPair();
        }

        var gostGenerator = GeneratorUtilities.GetKeyPairGenerator("ECGOST3410");
        gostGenerator.Init(new ECKeyGenerationParameters(GostDomain(spec), random));
        return gostGenerator.GenerateKeyPair();
    }

    // Shared per parameter set: BouncyCastle caches fixed-point precomputation on the curve's base point,
    // and rebuilding the domain for every verification throws that work away (5x slower issuance).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<KeySpec, ECGost3410Parameters> _domains = new();

    internal static ECGost3410Parameters GostDomain(KeySpec spec) => _domains.GetOrAdd(spec, CreateGostDomain);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<KeySpec, ECGost3410Parameters> _verificationDomains = new();

    /// <summary>
    /// The domain for decoding other parties' public keys. For curves with cofactor h ≠ 1 (TC26 256 A,
    /// 512 C) it is a copy whose curve declares cofactor 1: BouncyCastle then checks only the curve
    /// equation when a point is created or a public key is built, and skips its subgroup check, a slow
    /// reference double-and-add. <see cref="KeySpecs.ValidatedGostPoint"/> does that check itself
    /// (n·Q = O) with the curve's multiplier, whose precomputation on Q the signature check reuses.
    /// Use this domain only for points that went through that method; ECCurve.Equals ignores the
    /// cofactor, so points and parameters stay compatible with <see cref="GostDomain"/>.
    /// </summary>
    internal static ECGost3410Parameters GostVerificationDomain(KeySpec spec) => _verificationDomains.GetOrAdd(spec, CreateVerificationDomain);

    private static ECGost3410Parameters CreateVerificationDomain(KeySpec spec)
    {
        var domain = GostDomain(spec);
        if (domain.Curve.Cofactor is { } cofactor && cofactor.Equals(Org.BouncyCastle.Math.BigInteger.One))
        {
            return domain;
        }

        var original = (Org.BouncyCastle.Math.EC.FpCurve)domain.Curve;
        var curve = new Org.BouncyCastle.Math.EC.FpCurve(original.Q, original.A.ToBigInteger(), original.B.ToBigInteger(), domain.N, Org.BouncyCastle.Math.BigInteger.One);
        var named = new ECNamedDomainParameters(domain.Name, curve, curve.ImportPoint(domain.G), domain.N, domain.H, domain.GetSeed());
        return new ECGost3410Parameters(named, domain.PublicKeyParamSet, domain.DigestParamSet, domain.EncryptionParamSet);
    }

    private static ECGost3410Parameters CreateGostDomain(KeySpec spec)
    {
        var curveOid = spec.ParameterSetOid;
        var digestOid = spec.Algorithm == KeyAlgorithm.Gost2012_512
            ? RosstandartObjectIdentifiers.id_tc26_gost_3411_12_512
            : RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256;
        X9ECParameters curve = ECGost3410NamedCurves.GetByOid(curveOid)
            ?? throw new ArgumentException($"Кривая {curveOid} недоступна.", nameof(spec));
        return new ECGost3410Parameters(new ECNamedDomainParameters(curveOid, curve), curveOid, digestOid, null);
    }
}
