using KepOffice.Pki.Authority;
using KepOffice.Pki.Keys;
using Microsoft.Extensions.Time.Testing;

namespace KepOffice.UnitTests.Pki.Support;

/// <summary>One root + issuing GOST CA pair shared by the Pki tests (key generation is the slow part).</summary>
public sealed class PkiFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    public PkiFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "kepoffice-pki-tests", Guid.NewGuid().ToString("N"));
        Keys = new SoftwareCaKeyProvider(Path.Combine(Directory, "keys"), "test passphrase", iterations: 1000);
        OpenSsl = new OpenSsl(Path.Combine(Directory, "openssl"));
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public string Directory { get; }

    public SoftwareCaKeyProvider Keys { get; }

    public OpenSsl OpenSsl { get; }

    public CertificateAuthority Root { get; private set; } = null!;

    public CertificateAuthority Issuing { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var factory = new CertificateAuthorityFactory(Time);
        Root = await factory.CreateRootAsync(
            new CaCreationRequest("root", new CaName("Тестовый корневой УЦ", "ООО \"КепОфис\"") { Ogrn = "1027700132195", InnLe = "7707083893" }) { ValidityYears = 15 },
            Keys);
        Issuing = await factory.CreateIssuingAsync(
            new CaCreationRequest("issuing", new CaName("Тестовый УЦ КепОфис", "ООО \"КепОфис\"") { Locality = "г. Москва" })
            {
                ValidityYears = 10,
                CrlDistributionPoints = ["http://ca.example.ru/root.crl"],
                CaIssuersUrl = "http://ca.example.ru/root.cer",
            },
            Root,
            Keys);
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
