using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Protection;

/// <summary>
/// Encrypts each Data Protection key with a key derived from KepOffice:DataProtection:KeyPassphrase (PBKDF2-SHA256, a
/// fresh salt per key, AES-256-GCM), so the key ring in the database or the key folder is useless without the passphrase.
/// </summary>
internal sealed class PassphraseXmlEncryptor(string passphrase) : IXmlEncryptor
{
    internal const int Iterations = 210_000;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(DeriveKey(passphrase, salt, Iterations), tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("passphraseEncryptedKey",
            new XAttribute("kdf", "PBKDF2-SHA256"),
            new XAttribute("iterations", Iterations),
            new XAttribute("salt", Convert.ToBase64String(salt)),
            new XAttribute("nonce", Convert.ToBase64String(nonce)),
            new XAttribute("tag", Convert.ToBase64String(tag)),
            Convert.ToBase64String(cipher));
        return new EncryptedXmlInfo(element, typeof(PassphraseXmlDecryptor));
    }

    internal static byte[] DeriveKey(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);
}

/// <summary>Decrypts what <see cref="PassphraseXmlEncryptor"/> wrote; Data Protection activates it by type name.</summary>
internal sealed class PassphraseXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var passphrase = services.GetRequiredService<IOptions<DataProtectionHostOptions>>().Value.KeyPassphrase;
        if (string.IsNullOrEmpty(passphrase))
        {
            throw new CryptographicException(
                "Ключи защиты данных зашифрованы фразой, а KepOffice:DataProtection:KeyPassphrase не задан.");
        }

        var salt = Convert.FromBase64String((string)encryptedElement.Attribute("salt")!);
        var nonce = Convert.FromBase64String((string)encryptedElement.Attribute("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Attribute("tag")!);
        var iterations = (int)encryptedElement.Attribute("iterations")!;
        var cipher = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(PassphraseXmlEncryptor.DeriveKey(passphrase, salt, iterations), tag.Length);
            aes.Decrypt(nonce, cipher, tag, plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new CryptographicException(
                "Ключи защиты данных не расшифровываются: KepOffice:DataProtection:KeyPassphrase не та фраза, которой они зашифрованы.", ex);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
