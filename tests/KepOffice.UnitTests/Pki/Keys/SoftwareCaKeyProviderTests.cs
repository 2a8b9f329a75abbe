using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Keys;

namespace KepOffice.UnitTests.Pki.Keys;

public sealed class SoftwareCaKeyProviderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kepoffice-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public async Task Key_is_stored_encrypted_and_reopened_by_a_new_provider()
    {
        var first = new SoftwareCaKeyProvider(_directory, "correct horse", iterations: 1000);
        var signer = await first.GenerateAsync("ca-2026", KeySpec.Gost512);

        var file = await File.ReadAllBytesAsync(Path.Combine(_directory, "ca-2026.p8"));
        var info = Org.BouncyCastle.Asn1.Pkcs.EncryptedPrivateKeyInfo.GetInstance(file);
        Assert.Equal(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.IdPbeS2, info.EncryptionAlgorithm.Algorithm);

        var reopened = await new SoftwareCaKeyProvider(_directory, "correct horse").GetSignerAsync("ca-2026");
        var data = "tbs"u8.ToArray();
        var signature = reopened.Sign(data);
        var verifier = Org.BouncyCastle.Security.SignerUtilities.GetSigner("GOST3411-2012-512WITHECGOST3410-2012-512");
        verifier.Init(false, signer.PublicKey);
        verifier.BlockUpdate(data, 0, data.Length);
        Assert.True(verifier.VerifySignature(signature));
        Assert.Equal(128, signature.Length);
    }

    [Fact]
    public async Task Wrong_passphrase_duplicate_and_unsafe_ids_are_refused()
    {
        var provider = new SoftwareCaKeyProvider(_directory, "correct horse", iterations: 1000);
        await provider.GenerateAsync("ca", KeySpec.EcdsaP256);
        await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GenerateAsync("ca", KeySpec.EcdsaP256));
        await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(() => new SoftwareCaKeyProvider(_directory, "wrong").GetSignerAsync("ca"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => provider.GetSignerAsync("missing"));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.GetSignerAsync("../etc/passwd"));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.GetSignerAsync(".hidden"));
    }

    [Fact]
    public void Mismatched_parameter_set_is_refused()
    {
        Assert.Throws<ArgumentException>(() => KeyPairFactory.Generate(new KeySpec(KeyAlgorithm.Gost2012_512, GostParameterSet.Tc26_256_A)));
    }
}
