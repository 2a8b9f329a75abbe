using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Support;

/// <summary>KepOffice on real Kestrel (embedded SQLite) and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string AdminPassword = "Admin-E2E-2026";
    public const string DemoPassword = "Demo-E2E-2026";

    private readonly string _dataPath = Directory.CreateTempSubdirectory("kepoffice-e2e-").FullName;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's container, for tests that seed data the UI then shows.</summary>
    public IServiceProvider Services => _factory!.Services;

    public static string Artifacts =>
        Directory.CreateDirectory(Environment.GetEnvironmentVariable("KEPOFFICE_TEST_ARTIFACTS") is { Length: > 0 } path
            ? Path.Combine(path, "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("KepOffice:DataPath", _dataPath);
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            builder.UseSetting("KepOffice:Admin:Password", AdminPassword);
            builder.UseSetting("KepOffice:Demo:Password", DemoPassword);
            builder.UseSetting("KepOffice:Pki:AllowHold", "true"); // the certificates page then offers hold and unhold
            builder.UseEnvironment("Testing");
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "ru-RU",
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        });
        return await context.NewPageAsync();
    }

    public static async Task LoginAsync(IPage page, string login, string password)
    {
        await page.GotoAsync("/");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
    }

    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("#app-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
