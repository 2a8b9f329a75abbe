using System.Security.Cryptography;
using System.Text;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.EndToEndTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Certificates;

public sealed class RegisterPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_manager_filters_the_register_and_downloads_what_the_filter_shows()
    {
        var marker = $"REG-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        var soon = await AddAsync(marker + "-1", DateTime.UtcNow.AddDays(5), CertificateStatus.Valid);
        var later = await AddAsync(marker + "-2", DateTime.UtcNow.AddDays(100), CertificateStatus.Valid);
        var expired = await AddAsync(marker + "-3", DateTime.UtcNow.AddDays(-3), CertificateStatus.Expired);
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GotoAsync("/certificates");
        await BrowserApp.WaitForInteractiveAsync(page);

        await page.GetByPlaceholder("Серийный номер, № заявления, фамилия или ФИО полностью, СНИЛС (11 цифр)").FillAsync(marker);
        var rows = page.Locator(".mud-table-body tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        var all = await page.InnerTextAsync(".mud-table-body");
        await page.GetByRole(AriaRole.Button, new() { Name = "Неделя" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        var week = await page.InnerTextAsync(".mud-table-body");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "register-week.png"), FullPage = true });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!));

        await page.GetByLabel("Истекает в течение").FillAsync("0");
        await page.GetByLabel("Истекает в течение").PressAsync("Tab");
        var error = await page.InnerTextAsync("#register-error");
        var afterError = await rows.CountAsync();

        Assert.Contains("Истёк", all);
        Assert.Contains(expired.SerialHex, all);
        Assert.Contains(soon.SerialHex, week);
        Assert.DoesNotContain(later.SerialHex, week);
        Assert.StartsWith("\uFEFFСерийный номер;", csv);
        Assert.Contains(soon.SerialHex, csv);
        Assert.DoesNotContain(later.SerialHex, csv);
        Assert.DoesNotContain(expired.SerialHex, csv);
        Assert.Contains("целое число дней от 1 до", error);
        Assert.Equal(1, afterError);
    }

    [Fact]
    public async Task An_operator_sees_the_register_without_export_buttons()
    {
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "operator", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GotoAsync("/certificates");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GetByText("Реестр квалифицированных сертификатов").WaitForAsync();

        Assert.Equal(0, await page.Locator("#export-csv").CountAsync());
        Assert.Equal(0, await page.Locator("#export-xlsx").CountAsync());
    }

    private async Task<CertificateRecord> AddAsync(string applicationNumber, DateTime notAfter, CertificateStatus status)
    {
        var record = new CertificateRecord
        {
            Id = Guid.NewGuid(),
            CaId = "test-ca",
            SerialHex = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ApplicationNumber = applicationNumber,
            HolderName = "Смирнова Ольга Игоревна",
            Snils = "11223344595",
            NotBeforeUtc = notAfter.AddYears(-1),
            NotAfterUtc = notAfter,
            PrivateKeyNotAfterUtc = notAfter,
            Status = status,
            PublicKeyFingerprint = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            ThumbprintSha1 = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
            Der = [0x30, 0x00],
            IssuedUtc = notAfter.AddYears(-1),
        };
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        db.Add(record);
        await db.SaveChangesAsync();
        return record;
    }
}
