using KepOffice.EndToEndTests.Support;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Issuance;

public sealed class DeskApplicationTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Operator_registers_a_walk_in_applicant_and_a_wrong_snils_is_named_first()
    {
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "operator", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GotoAsync("/applications");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.ClickAsync("#new-application");
        await page.GetByText("Заявление заявителя в офисе").WaitForAsync();
        await BrowserApp.WaitForInteractiveAsync(page);

        var fields = new Dictionary<string, string>
        {
            ["#desk-surname"] = "Сидорова", ["#desk-given-name"] = "Мария", ["#desk-patronymic"] = "Петровна",
            ["#desk-birth-date"] = "1990-03-15", ["#desk-snils"] = "112-233-445 96", ["#desk-inn"] = PortalDriver.Inn,
            ["#desk-email"] = "sidorova@example.test", ["#desk-phone"] = "+7 900 765-43-21",
            ["#desk-passport-series"] = "4512", ["#desk-passport-number"] = "654321", ["#desk-passport-issued-on"] = "2012-07-01",
            ["#desk-passport-unit"] = "770-002", ["#desk-passport-issuer"] = "ГУ МВД России по г. Москве",
        };
        foreach (var (selector, value) in fields)
        {
            await page.FillAsync(selector, value);
        }

        await page.SetInputFilesAsync("#passportMainScan", new FilePayload { Name = "passport.jpg", MimeType = "image/jpeg", Buffer = PortalDriver.Scan("Паспорт", "Сидорова") });
        await page.SetInputFilesAsync("#passportRegistrationScan", new FilePayload { Name = "registration.jpg", MimeType = "image/jpeg", Buffer = PortalDriver.Scan("Регистрация", "Москва") });
        await page.SetInputFilesAsync("#snilsScan", new FilePayload { Name = "snils.jpg", MimeType = "image/jpeg", Buffer = PortalDriver.Scan("СНИЛС", "112-233-445 95") });
        var csr = await PortalDriver.GostCsrAsync("Сидорова", "Мария Петровна");
        await page.SetInputFilesAsync("#csr", new FilePayload { Name = "request.der", MimeType = "application/octet-stream", Buffer = csr });
        await page.ClickAsync("#desk-submit");
        await page.GetByText("СНИЛС: неверное контрольное число").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "desk-application-error.png"), FullPage = true });

        await page.FillAsync("#desk-snils", "112-233-445 95");
        await page.ClickAsync("#desk-submit");
        await page.WaitForURLAsync(url => url.Contains("/applications/20", StringComparison.Ordinal));
        await page.GetByText("Сидорова Мария Петровна").First.WaitForAsync();

        Assert.Contains("Проверка документов", await page.InnerTextAsync(".mud-main-content"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "desk-application-card.png"), FullPage = true });
    }
}
