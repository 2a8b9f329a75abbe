using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KepOffice.IntegrationTests.Foundation;

[Collection(SharedAppsCollection.Name)]
public sealed class AuthApiTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Login_answers_a_bearer_token_that_opens_the_api(DatabaseProvider provider)
    {
        var client = await apps.For(provider).CreateAdminClientAsync();

        var response = await client.GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"admin\"", await response.Content.ReadAsStringAsync());
    }

    [Theory, BothProviders]
    public async Task Wrong_password_is_refused_clearly_and_counts_towards_lockout(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var login = await CreateOperatorAsync(app);
        var client = app.CreateApiClient();

        var first = await client.PostAsJsonAsync("/api/auth/login", new { login, password = "Wrong-Password-1" });
        var firstProblem = await ReadProblemAsync(first);
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { login, password = "Wrong-Password-1" });
        }

        var withRightPassword = await client.PostAsJsonAsync("/api/auth/login", new { login, password = KepOfficeApp.DemoPassword });
        var lockedProblem = await ReadProblemAsync(withRightPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal("Неверный логин или пароль.", firstProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, withRightPassword.StatusCode);
        Assert.StartsWith("Учётная запись временно заблокирована", lockedProblem.GetProperty("detail").GetString());
    }

    [Theory, BothProviders]
    public async Task Api_without_token_answers_401_and_with_wrong_role_403(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var anonymous = app.CreateApiClient();
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);

        var withoutToken = await anonymous.GetAsync("/api/admin/users");
        var garbageToken = app.CreateApiClient();
        garbageToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        var withGarbage = await garbageToken.GetAsync("/api/admin/users");
        var wrongRole = await operatorClient.GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withGarbage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal("application/problem+json", wrongRole.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Недостаточно прав", (await ReadProblemAsync(wrongRole)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Expired_token_answers_401()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new KepOfficeApp(DatabaseProvider.Sqlite, services: s => s.AddSingleton<TimeProvider>(clock));
        var client = await app.CreateAdminClientAsync();
        var before = await client.GetAsync("/api/admin/users");

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var after = await client.GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory, BothProviders]
    public async Task Malformed_json_answers_400_problem_details_naming_the_field(DatabaseProvider provider)
    {
        var client = apps.For(provider).CreateApiClient();

        var wrongType = await client.PostAsync("/api/auth/login", new StringContent("{\"login\": 42, \"password\": \"x\"}", Encoding.UTF8, "application/json"));
        var broken = await client.PostAsync("/api/auth/login", new StringContent("{\"login\": ", Encoding.UTF8, "application/json"));
        var missing = await client.PostAsJsonAsync("/api/auth/login", new { login = "admin" });

        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.True((await ReadProblemAsync(wrongType)).GetProperty("errors").TryGetProperty("login", out _));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("Некорректный запрос", (await ReadProblemAsync(broken)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await ReadProblemAsync(missing)).GetProperty("errors").TryGetProperty("password", out _));
    }

    internal static async Task<string> CreateOperatorAsync(KepOfficeApp app)
    {
        var admin = await app.CreateAdminClientAsync();
        var login = "op" + Guid.NewGuid().ToString("N")[..8];
        var response = await admin.PostAsJsonAsync("/api/admin/users",
            new { login, displayName = "Оператор Тестовый", password = KepOfficeApp.DemoPassword, roles = new[] { "Operator" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return login;
    }

    internal static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
