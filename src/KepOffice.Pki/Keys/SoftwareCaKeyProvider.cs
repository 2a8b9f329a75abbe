using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using KepOffice.Pki.Algorithms;
using Org.BouncyCastle.Crypto;

namespace KepOffice.Pki.Keys;

/// <summary>
/// Keeps CA private keys as passphrase-encrypted PKCS#8 files (<c>{keyId}.p8</c>) in one folder.
/// The passphrase comes from configuration; it is never written anywhere by this class.
/// </summary>
public sealed partial class SoftwareCaKeyProvider : ICaKeyProvider
{
    private readonly string _directory;
    private readonly string _passphrase;
    private readonly int _iterations;
    private readonly ConcurrentDictionary<string, SoftwareCaSigner> _opened = new(StringComparer.Ordinal);

    /// <summary>Creates a provider over <paramref name="directory"/> (created if missing).</summary>
    /// <param name="directory">Folder holding the encrypted key files.</param>
    /// <param name="passphrase">Passphrase protecting every key in the folder.</param>
    /// <param name="iterations">PBKDF2 iterations for newly written keys.</param>
    public SoftwareCaKeyProvider(string directory, string passphrase, int iterations = EncryptedPrivateKey.DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        _directory = directory;
        _passphrase = passphrase;
        _iterations = iterations;
        Directory.CreateDirectory(directory);
    }

    /// <inheritdoc />
    public async Task<ICaSigner> GenerateAsync(string keyId, KeySpec spec, CancellationToken cancellationToken = default)
    {
        var keyPair = KeyPairFactory.Generate(spec);
        await ImportAsync(keyId, keyPair.Private, cancellationToken).ConfigureAwait(false);
        return await GetSignerAsync(keyId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ICaSigner> GetSignerAsync(string keyId, CancellationToken cancellationToken = default)
    {
        if (_opened.TryGetValue(keyId, out var cached))
        {
            return cached;
        }

        var privateKey = await LoadPrivateKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        return _opened.GetOrAdd(keyId, _ => new SoftwareCaSigner(privateKey));
    }

    /// <summary>Stores an existing private key (e.g. from a PKCS#12 import) under <paramref name="keyId"/>.</summary>
    /// <exception cref="InvalidOperationException">A key with this id already exists.</exception>
    public async Task ImportAsync(string keyId, AsymmetricKeyParameter privateKey, CancellationToken cancellationToken = default)
    {
        var path = PathFor(keyId);
        if (File.Exists(path))
        {
            throw new InvalidOperationException($"Ключ «{keyId}» уже существует.");
        }

        var encrypted = EncryptedPrivateKey.Encrypt(privateKey, _passphrase, _iterations);

        // Written aside and moved into place, so a crash never leaves a truncated CA key under its real name,
        // and the move (without overwrite) never silently replaces an existing key.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, encrypted, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new InvalidOperationException($"Ключ «{keyId}» уже существует.");
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Reads and decrypts the private key; needed only to export a software CA to PKCS#12 for backup.
    /// </summary>
    public async Task<AsymmetricKeyParameter> LoadPrivateKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var path = PathFor(keyId);
        if (!File.Exists(path))
        {
            throw new KeyNotFoundException($"Ключ «{keyId}» не найден.");
        }

        var encrypted = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return EncryptedPrivateKey.Decrypt(encrypted, _passphrase);
    }

    private string PathFor(string keyId)
    {
        // Key ids become file names, so anything that could walk out of the folder is refused.
        if (string.IsNullOrEmpty(keyId) || !KeyIdPattern().IsMatch(keyId))
        {
            throw new ArgumentException("Идентификатор ключа может содержать только латинские буквы, цифры, '.', '_' и '-'.", nameof(keyId));
        }

        return Path.Combine(_directory, keyId + ".p8");
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex KeyIdPattern();
}
