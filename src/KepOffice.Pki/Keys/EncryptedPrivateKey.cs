using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace KepOffice.Pki.Keys;

/// <summary>
/// Private keys at rest: PKCS#8 EncryptedPrivateKeyInfo with PBES2 (PBKDF2-HMAC-SHA256 + AES-256-CBC).
/// </summary>
public static class EncryptedPrivateKey
{
    /// <summary>PBKDF2 iteration count used when none is given.</summary>
    public const int DefaultIterations = 210_000;

    /// <summary>Encrypts <paramref name="privateKey"/> under <paramref name="passphrase"/>; returns DER.</summary>
    public static byte[] Encrypt(AsymmetricKeyParameter privateKey, string passphrase, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1000);
        var salt = new byte[16];
        new SecureRandom().NextBytes(salt);
        var encrypted = EncryptedPrivateKeyInfoFactory.CreateEncryptedPrivateKeyInfo(
            NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256, passphrase.ToCharArray(), salt, iterations, new SecureRandom(), privateKey);
        return encrypted.GetEncoded();
    }

    /// <summary>Decrypts a DER EncryptedPrivateKeyInfo produced by <see cref="Encrypt"/> (or any PBES2 PKCS#8).</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">Wrong passphrase or damaged data.</exception>
    public static AsymmetricKeyParameter Decrypt(byte[] encryptedDer, string passphrase)
    {
        try
        {
            var info = EncryptedPrivateKeyInfo.GetInstance(encryptedDer);
            return PrivateKeyFactory.DecryptKey(passphrase.ToCharArray(), info);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new System.Security.Cryptography.CryptographicException("Не удалось расшифровать закрытый ключ: неверная парольная фраза или повреждённые данные.", ex);
        }
    }
}
