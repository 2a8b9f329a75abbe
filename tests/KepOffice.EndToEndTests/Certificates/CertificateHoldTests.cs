using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.EndToEndTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Certificates;

public sealed class CertificateHoldTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Manager_holds_a_certificate_with_a_reason_and_resumes_it()
    {
        var (number, _) = await CertificateDriver.IssueThroughTheApiAsync(app.BaseUrl);
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        var serial = await CertificateDriver.SerialOfAsync(page, number);

        await page.GotoAsync("/certificates");
        await BrowserApp.WaitForInteractiveAsync(page);
        var row = page.Locator("table tbody tr", new() { HasText = serial });
        await row.Locator(".cert-hold").ClickAsync();
        await page.Locator("#hold-reason").WaitForAsync();
        var confirmWithoutReason = await page.Locator("#hold-confirm").IsDisabledAsync();
        await page.FillAsync("#hold-reason", "заявление владельца о приостановлении");
        await page.Locator("#hold-confirm:not([disabled])").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "certificate-hold-dialog.png"), FullPage = true });
        await page.ClickAsync("#hold-confirm");
        await row.Locator(".mud-chip", new() { HasText = "Приостановлен" }).WaitForAsync();
        var heldNotice = await page.Locator(".mud-snackbar").First.InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "certificate-held.png"), FullPage = true });
        var crlWhileHeld = await CrlAsync(page);

        await row.Locator(".cert-unhold").ClickAsync();
        await page.Locator("#hold-confirm").WaitForAsync();
        var reasonAskedOnUnhold = await page.Locator("#hold-reason").CountAsync();
        await page.ClickAsync("#hold-confirm");
        await row.Locator(".mud-chip", new() { HasText = "Действует" }).WaitForAsync();
        var crlAfterUnhold = await CrlAsync(page);

        Assert.True(confirmWithoutReason);
        Assert.Contains($"Действие сертификата № {serial} приостановлено", heldNotice);
        Assert.Equal(0, reasonAskedOnUnhold);
        Assert.Contains(new Org.BouncyCastle.Math.BigInteger(serial, 16), crlWhileHeld);
        Assert.DoesNotContain(new Org.BouncyCastle.Math.BigInteger(serial, 16), crlAfterUnhold);

        // Both buttons are audited in the manager's name, though the page works over the Blazor circuit.
        await using var scope = app.Services.CreateAsyncScope();
        var audited = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().AsNoTracking()
            .Where(e => e.ObjectId == serial).OrderBy(e => e.Sequence).Select(e => new { e.Action, e.ActorKind, e.ActorName }).ToListAsync();
        Assert.Equal(
            [(AuditActions.CertificateHeld, AuditActorKind.User, "manager"), (AuditActions.CertificateUnheld, AuditActorKind.User, "manager")],
            audited.Where(e => e.Action != AuditActions.CertificateIssued).Select(e => (e.Action, e.ActorKind, e.ActorName)).ToList());
    }

    private static async Task<List<Org.BouncyCastle.Math.BigInteger>> CrlAsync(IPage page)
    {
        var ca = await (await page.Context.APIRequest.GetAsync("/api/ca")).JsonAsync();
        var issuing = ca!.Value.EnumerateArray().Single(c => c.GetProperty("isActive").GetBoolean()).GetProperty("id").GetString();
        var crl = new Org.BouncyCastle.X509.X509Crl(await (await page.Context.APIRequest.GetAsync($"/cdp/{issuing}.crl")).BodyAsync());
        return [.. (crl.GetRevokedCertificates() ?? new HashSet<Org.BouncyCastle.X509.X509CrlEntry>()).Select(e => e.SerialNumber)];
    }
}
