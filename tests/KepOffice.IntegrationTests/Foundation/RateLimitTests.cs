using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Audit;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Foundation;

public sealed class RateLimitTests
{
    private const string TestIpHeader = "X-Test-Client-Ip";

    [Fact]
    public async Task Logins_over_the_per_name_limit_answer_429_with_retry_after_and_other_names_still_sign_in()
    {
        using var app = Create(new() { ["KepOffice:RateLimits:LoginPerName"] = "3", ["KepOffice:RateLimits:LoginWindow"] = "00:10:00" });
        var client = app.CreateApiClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "operator")).StatusCode);
        }

        var signInsBefore = await SignInsAsync(app);
        var refused = await LoginAsync(client, " OPERATOR ");

        await AssertTooManyAsync(refused, "попыток входа");
        // The refused attempt never reached the password check: nothing was counted or audited.
        Assert.Equal(signInsBefore, await SignInsAsync(app));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "manager")).StatusCode);
    }

    [Fact]
    public async Task Logins_over_the_per_address_limit_answer_429_and_other_addresses_still_sign_in()
    {
        using var app = Create(new() { ["KepOffice:RateLimits:LoginPerIp"] = "4", ["KepOffice:RateLimits:LoginWindow"] = "00:10:00" });
        var first = ClientFrom(app, "10.0.0.1");
        foreach (var login in new[] { "operator", "manager", "auditor", "nobody" })
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginAsync(first, login)).StatusCode);
        }

        await AssertTooManyAsync(await LoginAsync(first, "operator"), "попыток входа");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(ClientFrom(app, "10.0.0.2"), "operator")).StatusCode);
    }

    [Fact]
    public async Task Intake_calls_over_the_per_client_limit_answer_429_and_another_client_is_unaffected()
    {
        using var app = Create(new() { ["KepOffice:RateLimits:IntakePerClient"] = "3", ["KepOffice:RateLimits:IntakeWindow"] = "00:10:00" });
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var other = await IssuanceDriver.PortalClientAsync(app);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await portal.PostAsync("/api/intake/applications/2026-999999/payment", null)).StatusCode);
        }

        await AssertTooManyAsync(await portal.PostAsync("/api/intake/applications/2026-999999/payment", null), "клиента API");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync("/api/intake/applications/2026-999999/payment", null)).StatusCode);
    }

    [Theory]
    [InlineData("KepOffice:RateLimits:LoginPerIp", "0", "KepOffice:RateLimits:LoginPerIp должен быть не меньше 1")]
    [InlineData("KepOffice:RateLimits:IntakeWindow", "-00:01:00", "KepOffice:RateLimits:IntakeWindow должен быть больше нуля")]
    public void Bad_rate_limit_settings_stop_start_up_with_the_setting_named(string key, string value, string message)
    {
        using var app = new KepOfficeApp(DatabaseProvider.Sqlite, new Dictionary<string, string?> { [key] = value });

        var error = Record.Exception(() => app.Server);

        Assert.NotNull(error);
        Assert.Contains(message, error.ToString());
    }

    private static KepOfficeApp Create(Dictionary<string, string?> settings) =>
        new(DatabaseProvider.Sqlite, settings, services => services.AddSingleton<IStartupFilter>(new TestClientAddress()));

    private static HttpClient ClientFrom(KepOfficeApp app, string ip)
    {
        var client = app.CreateApiClient();
        client.DefaultRequestHeaders.Add(TestIpHeader, ip);
        return client;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string login) =>
        client.PostAsJsonAsync("/api/auth/login", new { login, password = KepOfficeApp.DemoPassword });

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{response.StatusCode}: {body}");
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 600);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Слишком много запросов", problem.GetProperty("title").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.Contains($"Повторите через {retryAfter} с.", problem.GetProperty("detail").GetString());
    }

    private static async Task<int> SignInsAsync(KepOfficeApp app) =>
        (await AuditChainTests.RowsAsync(app)).Count(r => r.Action is AuditActions.SignInSucceeded or AuditActions.SignInFailed);

    /// <summary>TestServer requests have no client address; this gives each test client its own.</summary>
    private sealed class TestClientAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(TestIpHeader, out var ip))
                {
                    context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(ip.ToString());
                }

                return nextMiddleware();
            });
            next(app);
        };
    }
}
