using KepOffice.EndToEndTests.Support;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Issuance;

public sealed class OperatorIssuanceTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Operator_checks_documents_identifies_the_applicant_and_hands_over_the_certificate()
    {
        using var portal = await PortalDriver.PortalClientAsync(app.BaseUrl);
        var number = await PortalDriver.SubmitAsync(portal, "Иванов");
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "operator", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Задачи" }).First.ClickAsync();
        var checkRow = await FreeTaskRowAsync(page, number, "документ");
        await Screenshot(page, "tasks-inbox.png");
        await checkRow.Locator("a.task-link").ClickAsync();
        await page.WaitForSelectorAsync("#approve");
        await page.WaitForSelectorAsync(".scan-image");
        foreach (var item in new[] { "ФИО совпадает с паспортом", "Фото и подпись читаются", "СНИЛС совпадает", "Паспорт действителен" })
        {
            await page.GetByLabel(item).CheckAsync();
        }

        await page.GetByText("в работе у вас").WaitForAsync();
        await page.Locator("#approve:not([disabled])").WaitForAsync();
        await Screenshot(page, "task-check-documents.png");
        var checkTaskUrl = page.Url;
        await page.ClickAsync("#approve");
        await page.WaitForURLAsync("**/tasks");

        await PortalDriver.ConfirmPaymentAsync(portal, number);
        var identifyRow = await FreeTaskRowAsync(page, number, "Идентификация");
        await identifyRow.Locator("a.task-link").ClickAsync();
        await page.WaitForSelectorAsync("#identified");
        await page.GetByLabel("лично, по паспорту").CheckAsync();
        await page.FillAsync("#presented-document", "паспорт гражданина РФ 4510 123456");
        await page.GetByLabel("Личность заявителя установлена").CheckAsync();
        await page.Locator("#identified:not([disabled])").WaitForAsync();
        await Screenshot(page, "task-identify.png");
        await page.ClickAsync("#identified");
        await page.WaitForURLAsync("**/tasks");

        var actRow = await FreeTaskRowAsync(page, number, "Акт");
        await actRow.Locator("a.task-link").ClickAsync();
        await page.WaitForSelectorAsync("#signed");
        var act = await page.Context.APIRequest.GetAsync($"/api/applications/{number}/act");
        await page.GetByLabel("Заявитель ознакомлен и подписал акт").CheckAsync();
        await page.ClickAsync("#signed");
        await page.WaitForURLAsync("**/tasks");

        await page.GotoAsync($"/applications/{number}");
        await BrowserApp.WaitForInteractiveAsync(page);
        var status = await WaitForTextAsync(page, "#application-status", "Выдан");
        var serial = await page.InnerTextAsync("#certificate-serial");
        await Screenshot(page, "application-card.png");
        var cer = await page.Context.APIRequest.GetAsync($"/api/certificates/{serial.Trim()}.cer");
        var card = await page.InnerTextAsync("#certificate-panel");

        await page.GotoAsync("/certificates");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.Locator("table tbody tr", new() { HasText = serial.Trim() }).WaitForAsync();
        await Screenshot(page, "certificates.png");

        // A task someone already finished opens read-only with a clear notice instead of a form that would fail.
        await page.GotoAsync(checkTaskUrl);
        await BrowserApp.WaitForInteractiveAsync(page);
        var closed = await page.InnerTextAsync("#task-closed");
        var approveDisabled = await page.Locator("#approve").IsDisabledAsync();

        Assert.Equal(200, act.Status);
        Assert.Equal("application/pdf", act.Headers["content-type"]);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await act.BodyAsync())[..4]));
        Assert.Equal("Выдан", status);
        Assert.Matches("^[0-9A-Fa-f]{8,}$", serial.Trim());
        Assert.Equal(200, cer.Status);
        Assert.Contains("Действует", card);
        Assert.Contains("уже выполнена", closed);
        Assert.True(approveDisabled);
    }

    // The inbox re-reads on each visit; the workflow moves on in the background, so look again until the task shows.
    private static async Task<ILocator> FreeTaskRowAsync(IPage page, string number, string titlePart)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await page.GotoAsync("/tasks");
            await BrowserApp.WaitForInteractiveAsync(page);
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Свободные задачи моих ролей" }).ClickAsync();
            var row = page.Locator("table tbody tr", new() { HasText = number }).Filter(new() { HasText = titlePart });
            try
            {
                await row.First.WaitForAsync(new() { Timeout = 3000 });
                return row.First;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    private static async Task<string> WaitForTextAsync(IPage page, string selector, string expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var text = (await page.InnerTextAsync(selector)).Trim();
            if (text == expected || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(1000);
            await page.ReloadAsync();
            await BrowserApp.WaitForInteractiveAsync(page);
        }
    }

    // MudBlazor buttons fade between disabled and enabled colours; let the transition end before the picture.
    private static async Task Screenshot(IPage page, string name)
    {
        await page.WaitForTimeoutAsync(400);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, name), FullPage = true });
    }
}
