using KepOffice.Pki.Csr;
using KepOffice.Pki.Profiles;

namespace KepOffice.Pki;

/// <summary>
/// Configuration of the PKI layer, meant to be bound from the «Pki» section by the host
/// (e.g. <c>services.Configure&lt;PkiOptions&gt;(configuration.GetSection("Pki"))</c>).
/// </summary>
public sealed class PkiOptions
{
    /// <summary>Folder of the software key store (encrypted PKCS#8 files).</summary>
    public string KeyStorePath { get; set; } = "keys";

    /// <summary>Passphrase that encrypts CA keys at rest; supply it from a secret store, never from appsettings.json in git.</summary>
    public string KeyPassphrase { get; set; } = string.Empty;

    /// <summary>PBKDF2 iterations for newly stored keys.</summary>
    public int KeyIterations { get; set; } = Keys.EncryptedPrivateKey.DefaultIterations;

    /// <summary>Key id of the issuing CA in the key store.</summary>
    public string IssuingCaKeyId { get; set; } = "issuing";

    /// <summary>Issuance profiles by name (natural person, individual entrepreneur, legal entity, …).</summary>
    public Dictionary<string, CertificateProfile> Profiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What incoming CSRs may contain.</summary>
    public CsrPolicy Csr { get; set; } = new();

    /// <summary>CRL nextUpdate = thisUpdate + this many hours.</summary>
    public int CrlValidityHours { get; set; } = 24 * 7;

    /// <summary>Creates the software key provider described by these options.</summary>
    /// <exception cref="InvalidOperationException">The passphrase is not configured.</exception>
    public Keys.SoftwareCaKeyProvider CreateSoftwareKeyProvider() => string.IsNullOrEmpty(KeyPassphrase)
        ? throw new InvalidOperationException("Pki:KeyPassphrase не задан: ключи УЦ нельзя хранить без шифрования.")
        : new Keys.SoftwareCaKeyProvider(KeyStorePath, KeyPassphrase, KeyIterations);
}
