using System.Net.Http.Headers;
using System.Net.Http.Json;
using KepOffice.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Support;

/// <summary>KepOffice in-process on a real database: SQLite in a temp folder or a fresh PostgreSQL database.</summary>
public sealed class KepOfficeApp : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin-Test-2026";
    public const string DemoPassword = "Demo-Test-2026";

    private readonly Action<IServiceCollection>? _services;
    private readonly Dictionary<string, string?> _settings;

    public KepOfficeApp(DatabaseProvider provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Provider = provider;
        _services = services;
        DataPath = Directory.CreateTempSubdirectory("kepoffice-it-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["KepOffice:DataPath"] = DataPath,
            ["KepOffice:Admin:Password"] = AdminPassword,
            ["KepOffice:Demo:Password"] = DemoPassword,
            ["KepOffice:Hangfire:WorkerCount"] = "2",
            ["KepOffice:Smtp:Host"] = TestEnvironment.SmtpHost,
            ["KepOffice:Smtp:Port"] = TestEnvironment.SmtpPort,
            ["KepOffice:Smtp:Security"] = "None",
        };
        if (provider == DatabaseProvider.PostgreSql)
        {
            _settings["ConnectionStrings:KepOffice"] = PostgresDatabase.Create();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public DatabaseProvider Provider { get; }

    public string DataPath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    public HttpClient CreateApiClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>Serves on real Kestrel at a free loopback port (clients then have a real remote address); call before first use.</summary>
    public KepOfficeApp OnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        ClientOptions.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return this;
    }

    public async Task<HttpClient> CreateClientForAsync(string login, string password)
    {
        var client = CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HttpClient> CreateAdminClientAsync() => CreateClientForAsync("admin", AdminPassword);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file on a slow shutdown; the temp folder is cleaned by the OS.
        }
    }

    public sealed record TokenResponse(string AccessToken, long ExpiresIn);
}
