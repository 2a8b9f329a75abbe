using KepOffice.EndToEndTests.Support;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Foundation;

public sealed class LoginTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Administrator_logs_in_and_sees_the_russian_dashboard()
    {
        var page = await app.NewPageAsync();

        await BrowserApp.LoginAsync(page, "admin", BrowserApp.AdminPassword);
        await BrowserApp.WaitForInteractiveAsync(page);

        Assert.Equal("Рабочий стол", await page.InnerTextAsync("#dashboard-title"));
        var nav = await page.InnerTextAsync("nav, .mud-navmenu");
        foreach (var area in new[] { "Заявления", "Сертификаты", "Процессы", "Журнал", "Администрирование", "Пользователи" })
        {
            Assert.Contains(area, nav);
        }

        // The task inbox belongs to operators and managers, not to the administrator.
        Assert.DoesNotContain("Задачи", nav);

        Assert.Contains("Администратор", await page.InnerTextAsync("#current-user"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "dashboard-admin.png"), FullPage = true });

        await page.GetByText("Процессы").First.ClickAsync();
        await page.GetByText("Выдача квалифицированного сертификата").WaitForAsync();
        await page.Locator("a.definition-versions[href='/workflows/kep-issuance/versions']").ClickAsync();
        await page.GetByText("История версий").WaitForAsync();
        Assert.Contains("опубликована", await page.InnerTextAsync(".mud-main-content"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "workflows.png"), FullPage = true });
    }

    [Fact]
    public async Task Wrong_password_shows_a_clear_message_on_the_login_page()
    {
        var page = await app.NewPageAsync();

        await BrowserApp.LoginAsync(page, "auditor", "Wrong-Password-1");

        Assert.Equal("Неверный логин или пароль.", (await page.InnerTextAsync("#login-error")).Trim());
        Assert.EndsWith("/account/login", new Uri(page.Url).AbsolutePath);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "login-error.png") });
    }

    [Fact]
    public async Task Administrator_creates_an_operator_in_the_users_page()
    {
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "admin", BrowserApp.AdminPassword);
        await BrowserApp.WaitForInteractiveAsync(page);

        await page.GotoAsync("/admin/users");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GetByLabel("Логин").FillAsync("sidorov");
        await page.GetByLabel("ФИО / должность").FillAsync("Сидоров Пётр, оператор");
        await page.GetByLabel("Пароль").FillAsync("Operator-Pass-1");
        await page.GetByLabel("Оператор").CheckAsync();
        await page.ClickAsync("#create-user");

        await page.GetByText("Пользователь «sidorov» создан.").WaitForAsync();
        Assert.Contains("Сидоров Пётр, оператор", await page.InnerTextAsync("table"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "admin-users.png"), FullPage = true });
    }
}
