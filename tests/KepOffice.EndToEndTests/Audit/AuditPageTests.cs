using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.EndToEndTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Audit;

public sealed class AuditPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Auditor_sees_sign_ins_filters_by_action_and_a_tampered_row_breaks_the_chain()
    {
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "auditor", BrowserApp.DemoPassword);
        await page.GotoAsync("/audit");
        await BrowserApp.WaitForInteractiveAsync(page);

        await page.Locator("#audit-chain-ok").WaitForAsync();
        Assert.Contains("Вход в систему", await page.InnerTextAsync("#audit-table"));
        Assert.Contains("auditor", await page.InnerTextAsync("#audit-table"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "audit-log.png"), FullPage = true });

        await page.Locator("#audit-object").FillAsync("нет-такого-объекта");
        await page.GetByText("Записей нет.").WaitForAsync();
        Assert.Equal("/api/audit/export.csv?object=%D0%BD%D0%B5%D1%82-%D1%82%D0%B0%D0%BA%D0%BE%D0%B3%D0%BE-%D0%BE%D0%B1%D1%8A%D0%B5%D0%BA%D1%82%D0%B0",
            await page.Locator("#audit-export").GetAttributeAsync("href"));

        Guid tampered;
        long sequence;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var events = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>();
            var row = await events.AsNoTracking().Where(e => e.Action == AuditActions.SignInSucceeded).OrderBy(e => e.Sequence).FirstAsync();
            (tampered, sequence) = (row.Id, row.Sequence);
            await events.Where(e => e.Id == tampered).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, "podmena"));
        }

        try
        {
            await page.Locator("#audit-verify").ClickAsync();
            await page.Locator("#audit-chain-broken").WaitForAsync();
            Assert.Contains($"Запись №{sequence} ({tampered})", await page.InnerTextAsync("#audit-chain"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "audit-log-broken.png"), FullPage = true });
        }
        finally
        {
            await using var scope = app.Services.CreateAsyncScope();
            var login = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().Where(e => e.Id == tampered)
                .Select(e => e.ActorId).SingleAsync();
            var name = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<KepOffice.Core.Identity.KepOfficeUser>>()
                .FindByIdAsync(login))!.UserName;
            await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().Where(e => e.Id == tampered)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, name));
        }
    }
}
