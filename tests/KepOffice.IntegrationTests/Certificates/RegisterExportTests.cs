using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Certificates.TestCertificates;

namespace KepOffice.IntegrationTests.Certificates;

[Collection(SharedAppsCollection.Name)]
public sealed class RegisterExportTests(SharedApps apps)
{
    private const string CsvHeader = "Серийный номер;Владелец;СНИЛС;Номер заявления;УЦ;Выдан (МСК);Действует с (МСК);Действует по (МСК);Статус;Прекращён (МСК);Основание прекращения;Комментарий";

    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Theory, BothProviders]
    public async Task The_csv_export_holds_the_filtered_register_for_managers_and_auditors(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var set = await SeedAsync(app);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);

        var all = await manager.GetAsync($"/api/certificates/register/export.csv?search={set.Marker}");
        var bytes = await all.Content.ReadAsByteArrayAsync();
        var lines = Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var expiring = await CsvLinesAsync(auditor, $"?search={set.Marker}&expiringWithinDays=30");
        var revoked = await CsvLinesAsync(auditor, $"?search={set.Marker.ToLowerInvariant()}&status=revoked");
        var expired = await CsvLinesAsync(manager, $"?status=Expired&search={set.Expired.SerialHex[4..14]}");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", all.Content.Headers.ContentType.CharSet);
        Assert.EndsWith(".csv", all.Content.Headers.ContentDisposition!.FileNameStar ?? all.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.Equal(CsvHeader, lines[0]);
        Assert.Equal(5, lines.Length);
        // Newest issued first.
        Assert.StartsWith(set.Expired.SerialHex, lines[4]);
        Assert.Equal(
            $"{set.Soon.SerialHex};Сидоров Сидор Сидорович;112-233-445 95;{set.Marker}-1;test-ca;{Msk(set.Soon.IssuedUtc)};{Msk(set.Soon.NotBeforeUtc)};{Msk(set.Soon.NotAfterUtc)};Действует;;;",
            Assert.Single(expiring));
        Assert.Equal(
            $"{set.Revoked.SerialHex};\"'=HYPERLINK(\"\"http://evil.test\"\")\";112-233-445 95;{set.Marker}-3;test-ca;{Msk(set.Revoked.IssuedUtc)};{Msk(set.Revoked.NotBeforeUtc)};{Msk(set.Revoked.NotAfterUtc)};Отозван;{Msk(set.Revoked.RevokedAtUtc!.Value)};Отзыв: компрометация ключа;\"Токен утерян; заявление \"\"№ 5\"\"\"",
            Assert.Single(revoked));
        var expiredLine = Assert.Single(expired);
        Assert.StartsWith(set.Expired.SerialHex, expiredLine);
        Assert.EndsWith($";Истёк;{Msk(set.Expired.NotAfterUtc)};Истечение срока действия;", expiredLine);
    }

    [Theory, BothProviders]
    public async Task The_xlsx_export_holds_the_same_rows_with_real_dates(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var set = await SeedAsync(app);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);

        var response = await manager.GetAsync($"/api/certificates/register/export.xlsx?search={set.Marker}&status=Valid");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Kept for a look with a spreadsheet program (or openpyxl).
        await File.WriteAllBytesAsync(Path.Combine(TestEnvironment.Artifacts, $"register-{provider}.xlsx"), bytes);
        await using var body = new MemoryStream(bytes);
        using var zip = new ZipArchive(body, ZipArchiveMode.Read);
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var rows = sheet.Descendants(main + "row").Select(r => r.Elements(main + "c").ToList()).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(zip.GetEntry("[Content_Types].xml"));
        Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
        Assert.Equal(CsvHeader.Split(';'), rows[0].Select(c => c.Value));
        Assert.Equal(3, rows.Count);
        Assert.Equal([set.Soon.SerialHex, set.Later.SerialHex], rows.Skip(1).Select(r => r[0].Value));
        var notAfter = rows[1][7];
        Assert.Equal("2", (string?)notAfter.Attribute("s"));
        var serial = double.Parse(notAfter.Element(main + "v")!.Value, CultureInfo.InvariantCulture);
        Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(set.Soon.NotAfterUtc, Moscow), DateTime.FromOADate(serial), TimeSpan.FromSeconds(1));
        Assert.Equal("Действует", rows[1][8].Value);
    }

    [Theory, BothProviders]
    public async Task An_operator_may_not_export_the_register(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);

        var csv = await operatorClient.GetAsync("/api/certificates/register/export.csv");
        var xlsx = await operatorClient.GetAsync("/api/certificates/register/export.xlsx");
        var anonymous = await app.CreateApiClient().GetAsync("/api/certificates/register/export.csv");

        Assert.Equal(HttpStatusCode.Forbidden, csv.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, xlsx.StatusCode);
        Assert.Contains(anonymous.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Redirect });
        Assert.DoesNotContain("Серийный номер", await csv.Content.ReadAsStringAsync());
    }

    [Theory, BothProviders]
    public async Task Wrong_filter_values_are_refused_with_the_field_named(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var cases = new (string Query, string Field)[]
        {
            ("status=Broken", "status"),
            ("status=7", "status"),
            ("expiringWithinDays=0", "expiringWithinDays"),
            ("expiringWithinDays=-5", "expiringWithinDays"),
            ("expiringWithinDays=abc", "expiringWithinDays"),
            ("expiringWithinDays=99999", "expiringWithinDays"),
            ("status=Revoked&expiringWithinDays=7", "expiringWithinDays"),
            ($"search={new string('7', 101)}", "search"),
        };

        foreach (var (query, field) in cases)
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                var response = await manager.GetAsync($"/api/certificates/register/export.{format}?{query}");
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

                Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{format}?{query} answered {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{format}?{query}: no error for {field}");
                Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
            }
        }
    }

    private static string Msk(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Moscow).ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private static async Task<string[]> CsvLinesAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/certificates/register/export.csv{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync()).AsSpan(3));
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
    }

    private sealed record Seeded(string Marker, CertificateRecord Soon, CertificateRecord Later, CertificateRecord Revoked, CertificateRecord Expired);

    /// <summary>Four certificates that only this test's search marker finds, issued a day apart.</summary>
    private static async Task<Seeded> SeedAsync(KepOfficeApp app)
    {
        var marker = $"EXP-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var now = new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var soon = await AddAsync(app.Services, now.AddDays(5), null, holder: "Сидоров Сидор Сидорович", applicationNumber: $"{marker}-1", issued: now.AddDays(-360));
        var later = await AddAsync(app.Services, now.AddDays(100), null, holder: "Кузнецова Анна Петровна", applicationNumber: $"{marker}-2", issued: now.AddDays(-361));
        var revoked = await AddAsync(app.Services, now.AddDays(200), null, CertificateStatus.Revoked, holder: "=HYPERLINK(\"http://evil.test\")",
            applicationNumber: $"{marker}-3", issued: now.AddDays(-362));
        var expired = await AddAsync(app.Services, now.AddDays(-10), null, CertificateStatus.Expired, holder: "Орлов Олег Олегович",
            applicationNumber: $"{marker}-4", issued: now.AddDays(-363));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        await db.Set<CertificateRecord>().Where(c => c.Id == revoked.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevocationComment, "Токен утерян; заявление \"№ 5\""));
        return new Seeded(marker, soon, later, await ReloadAsync(app.Services, revoked), expired);
    }
}
