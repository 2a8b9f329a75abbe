using System.Security.Cryptography;
using KepOffice.Core.Data;
using KepOffice.Pki.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Certificates;

/// <summary>
/// The software key provider over {DataPath}/keys. Without a configured passphrase (the embedded
/// demo) a random one is kept in a file beside the keys, which protects nothing against a reader of
/// that folder: the log says so, and production sets KepOffice:Pki:KeyPassphrase (or an HSM provider).
/// </summary>
public sealed class CaKeyStore
{
    private readonly Lazy<SoftwareCaKeyProvider> _provider;

    public CaKeyStore(IOptions<PkiHostOptions> options, IConfiguration configuration, IHostEnvironment environment, ILogger<CaKeyStore> logger)
    {
        _provider = new Lazy<SoftwareCaKeyProvider>(() =>
        {
            var dataPath = DatabaseSettings.ResolveDataPath(configuration, environment.ContentRootPath);
            var folder = Path.GetFullPath(Path.Combine(dataPath, options.Value.KeyStorePath));
            Directory.CreateDirectory(folder);
            var passphrase = options.Value.KeyPassphrase;
            if (string.IsNullOrEmpty(passphrase))
            {
                passphrase = LocalPassphrase(folder);
                logger.LogWarning("KepOffice:Pki:KeyPassphrase is not set: CA keys are encrypted with a local passphrase file (demo use only)");
            }

            return options.Value.ToLibraryOptions(folder, passphrase).CreateSoftwareKeyProvider();
        });
    }

    public ICaKeyProvider Provider => _provider.Value;

    public SoftwareCaKeyProvider Software => _provider.Value;

    private static string LocalPassphrase(string folder)
    {
        var file = Path.Combine(folder, ".demo-passphrase");
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return File.ReadAllText(file).Trim();
    }
}
