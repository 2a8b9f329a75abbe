using KepOffice.Pki;

namespace KepOffice.Core.Certificates;

/// <summary>The "KepOffice:Pki" section: key store, public URLs and the CA the demo creates.</summary>
public sealed class PkiHostOptions
{
    public const string SectionName = "KepOffice:Pki";

    /// <summary>Folder of encrypted CA keys; relative paths are under KepOffice:DataPath.</summary>
    public string KeyStorePath { get; set; } = "keys";

    /// <summary>Passphrase that encrypts CA private keys at rest. Required once a CA exists outside demo mode.</summary>
    public string? KeyPassphrase { get; set; }

    /// <summary>Base URL under which /cdp and /aia are reachable by relying parties; written into certificates.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";

    public int CrlValidityHours { get; set; } = 24 * 7;

    /// <summary>A new CRL is issued when less than this remains before nextUpdate.</summary>
    public int CrlRenewBeforeHours { get; set; } = 24;

    /// <summary>Whether new certificates may be put on hold (written into the profile and the register entry at issuance).</summary>
    public bool AllowHold { get; set; }

    /// <summary>
    /// Whether <see cref="PublicUrl"/> names this machine (localhost, a loopback address) or does not parse: relying parties
    /// could then not fetch the CRL and the CA certificate whose addresses the certificates carry.
    /// </summary>
    public bool PublicUrlIsLocal =>
        !Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.IsLoopback
        || url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    public string CdpUrl(string caId) => $"{PublicUrl.TrimEnd('/')}/cdp/{caId}.crl";

    public string AiaUrl(string caId) => $"{PublicUrl.TrimEnd('/')}/aia/{caId}.cer";

    internal PkiOptions ToLibraryOptions(string keyStorePath, string passphrase) => new()
    {
        KeyStorePath = keyStorePath,
        KeyPassphrase = passphrase,
        CrlValidityHours = CrlValidityHours,
    };
}
