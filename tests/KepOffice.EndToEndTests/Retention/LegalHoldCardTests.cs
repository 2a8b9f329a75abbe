using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.EndToEndTests.Certificates;
using KepOffice.EndToEndTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Retention;

public sealed class LegalHoldCardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Manager_puts_an_application_under_legal_hold_on_its_card_and_an_operator_sees_it_without_the_controls()
    {
        var (number, _) = await CertificateDriver.IssueThroughTheApiAsync(app.BaseUrl);
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await page.GotoAsync($"/applications/{number}");
        await BrowserApp.WaitForInteractiveAsync(page);
        var setDisabledWithoutReason = await page.Locator("#legal-hold-set").IsDisabledAsync();
        await page.FillAsync("#legal-hold-reason", "Запрос суда № 2-15/2026");
        await page.Locator("#legal-hold-set:not([disabled])").WaitForAsync();
        await page.ClickAsync("#legal-hold-set");
        await page.Locator("#legal-hold-clear").WaitForAsync();
        var state = await page.Locator("#legal-hold-state").InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "application-legal-hold.png"), FullPage = true });

        var operatorPage = await app.NewPageAsync();
        await BrowserApp.LoginAsync(operatorPage, "operator", BrowserApp.DemoPassword);
        await operatorPage.GotoAsync($"/applications/{number}");
        await BrowserApp.WaitForInteractiveAsync(operatorPage);
        var operatorState = await operatorPage.Locator("#legal-hold-state").InnerTextAsync();
        var operatorControls = await operatorPage.Locator("#legal-hold-clear, #legal-hold-set").CountAsync();

        await page.ClickAsync("#legal-hold-clear");
        await page.Locator("#legal-hold-set").WaitForAsync();

        Assert.True(setDisabledWithoutReason);
        Assert.Contains("Запрос суда № 2-15/2026", state);
        Assert.Contains("manager", state);
        Assert.Contains("Запрос суда № 2-15/2026", operatorState);
        Assert.Equal(0, operatorControls);
        await using var scope = app.Services.CreateAsyncScope();
        var audited = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().AsNoTracking()
            .Where(e => e.ObjectId == number && e.Action.StartsWith("application.legal-hold")).OrderBy(e => e.Sequence)
            .Select(e => new { e.Action, e.ActorName }).ToListAsync();
        Assert.Equal([(AuditActions.LegalHoldSet, "manager"), (AuditActions.LegalHoldCleared, "manager")],
            audited.Select(e => (e.Action, e.ActorName)).ToList());
    }
}
