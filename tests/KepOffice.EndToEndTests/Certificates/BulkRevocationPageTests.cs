using System.Text.RegularExpressions;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.EndToEndTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Certificates;

/// <summary>A bulk revocation ends every certificate of the issuing CA, so this class has an application of its own.</summary>
public sealed class BulkRevocationPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Manager_revokes_every_certificate_of_the_CA_after_confirming_and_the_holder_is_told()
    {
        var (number, _) = await CertificateDriver.IssueThroughTheApiAsync(app.BaseUrl);
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        var serial = await CertificateDriver.SerialOfAsync(page, number);
        var ca = await (await page.Context.APIRequest.GetAsync("/api/ca")).JsonAsync();
        var caId = ca!.Value.EnumerateArray().Single(c => c.GetProperty("isActive").GetBoolean()).GetProperty("id").GetString()!;

        await page.GotoAsync("/certificates/bulk-revocations");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.ClickAsync("#bulk-start");
        var refusal = page.Locator(".mud-alert", new() { HasText = "Выберите выпускающий УЦ" });
        await refusal.WaitForAsync();
        var nothingStarted = await page.Locator("text=Массовых отзывов не было.").IsVisibleAsync();

        await page.Locator(".mud-select", new() { Has = page.Locator("#bulk-ca") }).Last.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex(Regex.Escape($"({caId})")) }).ClickAsync();
        await page.FillAsync("#bulk-comment", "компрометация ключа выпускающего УЦ, акт № 7");
        await page.FillAsync("#bulk-confirmation", "да");
        await page.ClickAsync("#bulk-start");
        await page.Locator(".mud-alert", new() { HasText = "Для подтверждения введите идентификатор УЦ" }).WaitForAsync();
        var stillNothing = await page.Locator("text=Массовых отзывов не было.").IsVisibleAsync();

        await page.FillAsync("#bulk-confirmation", caId);
        await page.ClickAsync("#bulk-start");
        var started = await page.Locator(".mud-snackbar", new() { HasText = "Массовый отзыв запущен" }).InnerTextAsync();
        var run = page.Locator("table tbody tr", new() { HasText = caId });
        await run.Locator("td", new() { HasText = "завершён" }).WaitForAsync(new() { Timeout = 60_000 });
        var progress = await run.InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "bulk-revocation.png"), FullPage = true });

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var certificate = await db.Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.SerialHex == serial);
        var notice = await db.Set<OutboxEmail>().AsNoTracking()
            .SingleAsync(e => e.TemplateId == EmailTemplateIds.CertificateRevoked && e.Correlation == "certificate:" + serial);

        Assert.True(nothingStarted);
        Assert.True(stillNothing);
        Assert.Contains("Массовый отзыв запущен: 1 сертификат.", started);
        Assert.Contains("отозвано 1 из 1", progress);
        Assert.Contains("компрометация ключа УЦ", progress);
        Assert.Equal(CertificateStatus.Revoked, certificate.Status);
        Assert.Equal("компрометация ключа выпускающего УЦ, акт № 7", certificate.RevocationComment);
        Assert.Contains("по решению удостоверяющего центра", notice.TextBody);
    }
}
