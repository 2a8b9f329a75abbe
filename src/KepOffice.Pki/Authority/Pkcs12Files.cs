using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Authority;

/// <summary>Reads and writes PKCS#12 files with modern protection (PBES2 AES-256, HMAC-SHA256 PRF).</summary>
internal static class Pkcs12Files
{
    private const string Alias = "key";

    public static byte[] Write(AsymmetricKeyParameter privateKey, IReadOnlyList<X509Certificate> chain, string password)
    {
        var store = new Pkcs12StoreBuilder()
            .SetKeyAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
            .SetCertAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
            .SetUseDerEncoding(true)
            .Build();
        var entries = chain.Select(c => new X509CertificateEntry(c)).ToArray();
        store.SetKeyEntry(Alias, new AsymmetricKeyEntry(privateKey), entries);
        using var output = new MemoryStream();
        store.Save(output, password.ToCharArray(), new SecureRandom());
        return output.ToArray();
    }

    public static (AsymmetricKeyParameter PrivateKey, IReadOnlyList<X509Certificate> Chain) Read(byte[] pfx, string password)
    {
        var store = new Pkcs12StoreBuilder().Build();
        try
        {
            store.Load(new MemoryStream(pfx, writable: false), password.ToCharArray());
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException or Org.BouncyCastle.Crypto.CryptoException or System.Security.Cryptography.CryptographicException)
        {
            throw new System.Security.Cryptography.CryptographicException("Не удалось открыть PKCS#12: неверный пароль или повреждённый файл.", ex);
        }

        var alias = store.Aliases.FirstOrDefault(store.IsKeyEntry)
            ?? throw new System.Security.Cryptography.CryptographicException("В файле PKCS#12 нет закрытого ключа.");
        var chain = store.GetCertificateChain(alias)?.Select(e => e.Certificate).ToList()
            ?? [store.GetCertificate(alias).Certificate];
        return (store.GetKey(alias).Key, chain);
    }
}
