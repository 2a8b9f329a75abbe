using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Startup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Protection;

/// <summary>KepOffice:DataProtection — where the Data Protection key ring lives and how it is protected at rest.</summary>
public sealed class DataProtectionHostOptions
{
    public const string SectionName = "KepOffice:DataProtection";

    /// <summary>Folder of the key ring; empty keeps it in the database (table DataProtectionKeys). Relative paths are under DataPath.</summary>
    public string? KeysPath { get; set; }

    /// <summary>Encrypts each key of the ring (PBKDF2-SHA256 + AES-256-GCM). Every node needs the same passphrase.</summary>
    public string? KeyPassphrase { get; set; }

    /// <summary>A PKCS#12 file whose certificate encrypts the keys (ProtectKeysWithCertificate); its password below.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public bool ProtectsKeys => !string.IsNullOrEmpty(KeyPassphrase) || !string.IsNullOrEmpty(CertificatePath);
}

internal static class DataProtectionSetup
{
    public static void AddKepOfficeDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DataProtectionHostOptions.SectionName).Get<DataProtectionHostOptions>() ?? new();
        services.AddOptions<DataProtectionHostOptions>().BindConfiguration(DataProtectionHostOptions.SectionName);
        var builder = services.AddDataProtection().SetApplicationName("KepOffice");
        if (string.IsNullOrWhiteSpace(options.KeysPath))
        {
            builder.PersistKeysToDbContext<KepOfficeDbContext>();
        }
        else
        {
            var dataPath = DatabaseSettings.ResolveDataPath(configuration, environment.ContentRootPath);
            builder.PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(Path.Combine(dataPath, options.KeysPath))));
        }

        if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword,
                    X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new KepOfficeStartupException(
                    $"Сертификат защиты ключей {DataProtectionHostOptions.SectionName}:CertificatePath не читается ({ex.GetType().Name}): проверьте файл и пароль.", ex);
            }

            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        else if (!string.IsNullOrEmpty(options.KeyPassphrase))
        {
            services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
                o.XmlEncryptor = new PassphraseXmlEncryptor(options.KeyPassphrase));
        }

        services.AddSingleton<PersonalDataProtection>();
        services.AddSingleton<BlindIndexKeyLoader>();
    }

    /// <summary>
    /// Checks, before anything uses Data Protection, that this node can read the key ring's passphrase-encrypted keys. Left
    /// to Data Protection, a node with a wrong or missing passphrase finds no usable key, creates one of its own and
    /// stores it in the shared ring, where it becomes the newest key and the other nodes cannot read it.
    /// </summary>
    /// <exception cref="KepOfficeStartupException">Keys are passphrase-encrypted and none opens with this node's passphrase.</exception>
    public static void EnsureKeyRingReadable(IServiceProvider services)
    {
        var repository = services.GetRequiredService<IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>().Value.XmlRepository;
        if (repository is null)
        {
            return;
        }

        var encrypted = repository.GetAllElements()
            .SelectMany(key => key.Descendants("passphraseEncryptedKey"))
            .ToList();
        if (encrypted.Count == 0)
        {
            return;
        }

        var decryptor = new PassphraseXmlDecryptor(services);
        CryptographicException? last = null;
        foreach (var element in encrypted)
        {
            try
            {
                decryptor.Decrypt(element);
                return;
            }
            catch (CryptographicException ex)
            {
                last = ex;
            }
        }

        throw new KepOfficeStartupException(last!.Message, last);
    }
}
