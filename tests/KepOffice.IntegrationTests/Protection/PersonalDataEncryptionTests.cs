using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Protection;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Protection;

public sealed class PersonalDataEncryptionTests
{
    [Theory, BothProviders]
    public async Task Personal_data_and_scans_are_ciphertext_in_the_tables_readable_by_every_node_of_the_key_ring_and_refused_by_another(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        var mailbox = $"ivanov.{Guid.NewGuid():N}@example.test";
        var marker = Encoding.ASCII.GetBytes($"SCAN-MARKER-{Guid.NewGuid():N}");
        byte[] scan = [.. IssuanceDriver.Jpeg[..^2], .. marker, 0xFF, 0xD9];
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var submitted = await portal.PostAsync("/api/intake/applications",
            IssuanceDriver.Application(await IssuanceDriver.GostCsrAsync(), passportScan: scan, passportFileName: "Иванов-паспорт.jpg", email: mailbox));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var serial = await IssuanceDriver.IssueCertificateAsync(app);

        var raw = await RawTables.ValuesAsync(app.Services, RawTables.PersonalDataTables);
        foreach (var secret in new[] { "Иванов", "Иван", IssuanceDriver.Snils, IssuanceDriver.Inn, "123456", "ОВД района", "770-001", "1985-04-12", mailbox, "ivanov@example.test", "123-45-67" })
        {
            Assert.True(RawTables.Containing(raw, secret).Count == 0, $"«{secret}» is stored in plain: {string.Join(" | ", RawTables.Containing(raw, secret))}");
        }

        Assert.False(RawTables.ContainsBytes(raw, marker), "the scan's bytes are stored in plain");
        Assert.Contains(raw, v => v is string s && s == number); // the reader does see the tables

        // The app reads and shows them: the card's data, the scan download, searches by СНИЛС and surname, the register.
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        Application application;
        IReadOnlyList<ApplicationListItem> bySnils, bySurname;
        CertificateRecord certificate;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<ApplicationQueries>();
            application = (await queries.GetByNumberAsync(number, CancellationToken.None))!;
            bySnils = await queries.SearchAsync("112-233-445 95", null, 500, CancellationToken.None);
            bySurname = await queries.SearchAsync("иванов", null, 500, CancellationToken.None);
            certificate = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.SerialHex == serial);
        }

        var documents = await DocumentsAsync(app, application.Id);
        var passport = documents.Single(d => d.Kind == DocumentKind.PassportMain);
        var download = await operatorClient.GetByteArrayAsync($"/api/applications/{number}/documents/{passport.Id}");
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);
        var register = await auditor.GetStringAsync("/api/certificates/register/export.csv?search=" + Uri.EscapeDataString("Иванов Иван Иванович"));

        Assert.Equal(("Иванов", "Иван", "Иванович"), (application.Surname, application.GivenName, application.Patronymic));
        Assert.Equal((IssuanceDriver.Snils, "4510", "123456", new DateOnly(1985, 4, 12), mailbox),
            (application.Snils, application.PassportSeries, application.PassportNumber, application.BirthDate, application.Email));
        Assert.Equal(scan, download);
        Assert.Equal("Иванов-паспорт.jpg", passport.FileName);
        Assert.Contains(bySnils, a => a.Number == number);
        Assert.Contains(bySurname, a => a.Number == number);
        Assert.Equal(("Иванов Иван Иванович", IssuanceDriver.Snils), (certificate.HolderName, certificate.Snils));
        Assert.Contains(serial, register);
        Assert.NotNull(new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(certificate.Der));

        // A second node on the same database and key ring reads the same data.
        var sameDatabase = SameDatabase(app);
        using (var second = new KepOfficeApp(provider, sameDatabase))
        {
            await using var scope = second.Services.CreateAsyncScope();
            var read = await scope.ServiceProvider.GetRequiredService<ApplicationQueries>().GetByNumberAsync(number, CancellationToken.None);
            var again = await (await second.CreateClientForAsync("operator", KepOfficeApp.DemoPassword))
                .GetByteArrayAsync($"/api/applications/{number}/documents/{passport.Id}");
            Assert.Equal((application.Surname, application.Snils, application.PassportNumber), (read!.Surname, read.Snils, read.PassportNumber));
            Assert.Equal(scan, again);
        }

        // A node with another key ring (keys in a folder of its own) gets a clear error instead of garbage: reading a protected
        // value throws, and the server process refuses to start (exit code 2) saying why, with no personal data in the output.
        var otherRing = new Dictionary<string, string?>(sameDatabase)
        {
            ["KepOffice:DataProtection:KeysPath"] = Directory.CreateTempSubdirectory("kepoffice-other-ring-").FullName,
        };
        using (var stranger = new KepOfficeApp(provider, otherRing))
        {
            await using var scope = stranger.Services.CreateAsyncScope();
            var error = await Assert.ThrowsAsync<PersonalDataUnreadableException>(() =>
                scope.ServiceProvider.GetRequiredService<ApplicationQueries>().GetByNumberAsync(number, CancellationToken.None));
            Assert.Contains("не расшифровываются ключами защиты данных этого узла", error.Message);
        }

        var (exitCode, output) = await ServerProcess.RunAsync(otherRing, "audit", "verify");
        Assert.Equal(2, exitCode);
        Assert.Contains("KepOffice не запущен", output);
        Assert.Contains("не расшифровываются ключами защиты данных этого узла", output);
        Assert.DoesNotContain("Иванов", output);
        Assert.DoesNotContain(IssuanceDriver.Snils, output);
    }

    [Fact]
    public async Task A_key_ring_protected_by_a_passphrase_is_not_readable_without_it_and_a_wrong_passphrase_is_named()
    {
        var passphrase = new Dictionary<string, string?> { ["KepOffice:DataProtection:KeyPassphrase"] = "долгая фраза защиты ключей 2026" };
        using var app = new KepOfficeApp(DatabaseProvider.Sqlite, passphrase);
        var serial = await IssuanceDriver.IssueCertificateAsync(app);
        var keys = (await RawTables.ValuesAsync(app.Services, "\"DataProtectionKeys\"")).OfType<string>().Where(v => v.Contains("<key")).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.Contains("passphraseEncryptedKey", xml));
        Assert.All(keys, xml => Assert.DoesNotContain("<masterKey", xml));

        var same = new Dictionary<string, string?>(SameDatabase(app)) { ["KepOffice:DataProtection:KeyPassphrase"] = "долгая фраза защиты ключей 2026" };
        using (var second = new KepOfficeApp(DatabaseProvider.Sqlite, same))
        {
            await using var scope = second.Services.CreateAsyncScope();
            var certificate = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.SerialHex == serial);
            Assert.Equal("Иванов Иван Иванович", certificate.HolderName);
        }

        var wrong = new Dictionary<string, string?>(SameDatabase(app)) { ["KepOffice:DataProtection:KeyPassphrase"] = "не та фраза" };
        var (exitCode, output) = await ServerProcess.RunAsync(wrong, "audit", "verify");
        var (noPassphraseExit, noPassphraseOutput) = await ServerProcess.RunAsync(SameDatabase(app), "audit", "verify");
        var keysAfter = (await RawTables.ValuesAsync(app.Services, "\"DataProtectionKeys\"")).OfType<string>().Where(v => v.Contains("<key")).ToList();
        Assert.Equal(2, noPassphraseExit);
        Assert.Contains("KeyPassphrase не задан", noPassphraseOutput);
        Assert.Equal(2, exitCode);
        Assert.Contains("KepOffice не запущен", output);
        Assert.Contains("KeyPassphrase", output);
        // The refused nodes added no key of their own to the ring: one the other nodes could not read would become the newest.
        Assert.Equal(keys.Order(StringComparer.Ordinal), keysAfter.Order(StringComparer.Ordinal));
    }

    internal static Dictionary<string, string?> SameDatabase(KepOfficeApp app)
    {
        var settings = new Dictionary<string, string?> { ["KepOffice:DataPath"] = app.DataPath };
        if (app.Provider == DatabaseProvider.PostgreSql)
        {
            settings["ConnectionStrings:KepOffice"] = app.Services.GetRequiredService<DatabaseSettings>().ConnectionString;
        }

        return settings;
    }

    internal static async Task<List<ApplicationDocument>> DocumentsAsync(KepOfficeApp app, Guid applicationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<ApplicationDocument>().AsNoTracking()
            .Where(d => d.ApplicationId == applicationId).ToListAsync();
    }
}
