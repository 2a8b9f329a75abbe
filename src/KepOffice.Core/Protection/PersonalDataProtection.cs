using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace KepOffice.Core.Protection;

/// <summary>The kinds of personal data, each encrypted under its own Data Protection purpose.</summary>
public enum PersonalDataKind
{
    /// <summary>Applicant's name, identity documents, identifiers and contacts.</summary>
    Applicant,

    /// <summary>Scans of identity documents and of the signed act, and their file names.</summary>
    Scan,

    /// <summary>The register entry's holder data and the certificate (its subject names the holder).</summary>
    Certificate,

    /// <summary>Queued e-mails: recipient, body and attachment (a PKCS#12 waits here until sent).</summary>
    Email,
}

/// <summary>
/// Encrypts personal data at rest with ASP.NET Core Data Protection (one purpose per <see cref="PersonalDataKind"/>;
/// the key ring lives in the database or a configured folder, so every node sharing the database reads the same data),
/// and computes blind indexes: keyed HMAC-SHA256 values of normalised fields, the only thing searches compare.
/// A value that does not decrypt (another key ring, a lost key) throws <see cref="PersonalDataUnreadableException"/>.
/// </summary>
public sealed class PersonalDataProtection
{
    private const string PurposeRoot = "KepOffice.PersonalData.v1";
    private readonly IDataProtector?[] _protectors;
    private byte[]? _indexKey;

    public PersonalDataProtection(IDataProtectionProvider provider)
    {
        var root = provider.CreateProtector(PurposeRoot);
        _protectors = Enum.GetValues<PersonalDataKind>().Select(k => (IDataProtector?)root.CreateProtector(k.ToString())).ToArray();
    }

    private PersonalDataProtection()
    {
        _protectors = new IDataProtector?[Enum.GetValues<PersonalDataKind>().Length];
    }

    /// <summary>
    /// For a DbContext built outside the host (design-time tools, model comparisons): the model is the same, but any
    /// attempt to read or write protected data fails.
    /// </summary>
    public static PersonalDataProtection ModelOnly { get; } = new();

    /// <summary>Whether the blind-index key has been loaded (done at start-up, after migrations).</summary>
    public bool HasIndexKey => _indexKey is not null;

    internal void UseIndexKey(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The blind-index key must be at least 256 bits.", nameof(key));
        }

        _indexKey = key;
    }

    public string ProtectText(PersonalDataKind kind, string value) =>
        Convert.ToBase64String(Protector(kind).Protect(Encoding.UTF8.GetBytes(value)));

    public string UnprotectText(PersonalDataKind kind, string stored)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(stored);
        }
        catch (FormatException)
        {
            throw new PersonalDataUnreadableException(kind, "the stored value is not ciphertext", null);
        }

        return Encoding.UTF8.GetString(Unprotect(kind, cipher));
    }

    public byte[] ProtectBytes(PersonalDataKind kind, byte[] value) => Protector(kind).Protect(value);

    public byte[] UnprotectBytes(PersonalDataKind kind, byte[] stored) => Unprotect(kind, stored);

    public string ProtectDate(PersonalDataKind kind, DateOnly value) =>
        ProtectText(kind, value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public DateOnly UnprotectDate(PersonalDataKind kind, string stored) =>
        DateOnly.ParseExact(UnprotectText(kind, stored), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The blind index of a value: HMAC-SHA256 under the database's index key of "{field}\n{normalised value}", as 64 hex
    /// digits. Equal values of one field give equal indexes; nothing about the value can be read back.
    /// </summary>
    public string BlindIndex(BlindIndexField field, string value)
    {
        var key = _indexKey ?? throw new InvalidOperationException(
            "The blind-index key is not loaded: the database has not been initialised by this node yet.");
        var text = $"{field}\n{Normalise(field, value)}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The form a field is compared in: names case- and ё-insensitive with single spaces, numbers as digits only.</summary>
    public static string Normalise(BlindIndexField field, string value) => field switch
    {
        BlindIndexField.Snils => new string(value.Where(char.IsAsciiDigit).ToArray()),
        BlindIndexField.Surname or BlindIndexField.FullName =>
            string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                .ToLowerInvariant().Replace('ё', 'е'),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private IDataProtector Protector(PersonalDataKind kind) =>
        _protectors[(int)kind] ?? throw new InvalidOperationException(
            "Personal data protection is not configured for this DbContext (it was built outside the KepOffice host).");

    private byte[] Unprotect(PersonalDataKind kind, byte[] cipher)
    {
        try
        {
            return Protector(kind).Unprotect(cipher);
        }
        catch (CryptographicException ex)
        {
            throw new PersonalDataUnreadableException(kind, ex.Message, ex);
        }
    }
}

/// <summary>The fields that have a blind index.</summary>
public enum BlindIndexField
{
    Snils,
    Surname,
    FullName,
}

/// <summary>
/// Encrypted personal data could not be decrypted: the node reads a key ring other than the one the data was written
/// with, or a key is lost. Never carries the data itself.
/// </summary>
public sealed class PersonalDataUnreadableException(PersonalDataKind kind, string reason, Exception? inner)
    : Exception(
        $"Персональные данные ({kind}) не расшифровываются ключами защиты данных этого узла: {reason}. "
        + "Узел должен читать то же хранилище ключей Data Protection (таблица DataProtectionKeys базы или папка "
        + "KepOffice:DataProtection:KeysPath) и с той же защитой ключей, что и узлы, записавшие данные.", inner)
{
    public PersonalDataKind Kind { get; } = kind;
}
