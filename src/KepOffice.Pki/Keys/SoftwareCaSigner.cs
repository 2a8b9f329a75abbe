using KepOffice.Pki.Algorithms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Security;

namespace KepOffice.Pki.Keys;

/// <summary>An <see cref="ICaSigner"/> over a private key held in process memory.</summary>
public sealed class SoftwareCaSigner : ICaSigner
{
    private readonly AsymmetricKeyParameter _privateKey;
    private readonly string _algorithmName;

    /// <summary>Wraps a key pair produced by <see cref="KeyPairFactory"/> or read from a key store.</summary>
    public SoftwareCaSigner(AsymmetricCipherKeyPair keyPair)
        : this(keyPair.Private, keyPair.Public)
    {
    }

    /// <summary>Wraps a private key; the public key is derived from it.</summary>
    public SoftwareCaSigner(AsymmetricKeyParameter privateKey)
        : this(privateKey, DerivePublicKey(privateKey))
    {
    }

    private SoftwareCaSigner(AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey)
    {
        if (!privateKey.IsPrivate)
        {
            throw new ArgumentException("Нужен закрытый ключ.", nameof(privateKey));
        }

        _privateKey = privateKey;
        PublicKey = publicKey;
        KeySpec = KeySpecs.FromPublicKey(publicKey);
        _algorithmName = SignatureAlgorithms.BouncyCastleName(KeySpec.Algorithm);
    }

    /// <inheritdoc />
    public KeySpec KeySpec { get; }

    /// <inheritdoc />
    public AsymmetricKeyParameter PublicKey { get; }

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        // BouncyCastle signers are not thread-safe; a fresh one per call keeps the CA signer shareable.
        var signer = SignerUtilities.GetSigner(_algorithmName);
        signer.Init(true, _privateKey);
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    }

    private static AsymmetricKeyParameter DerivePublicKey(AsymmetricKeyParameter privateKey)
    {
        if (privateKey is not ECPrivateKeyParameters ec)
        {
            throw new ArgumentException("Поддерживаются только ключи на эллиптических кривых (ГОСТ, P-256).", nameof(privateKey));
        }

        var q = new FixedPointCombMultiplier().Multiply(ec.Parameters.G, ec.D).Normalize();
        return new ECPublicKeyParameters(ec.AlgorithmName, q, ec.Parameters);
    }
}
