using System.Net;
using System.Net.Http.Json;
using KepOffice.Core.Data;
using KepOffice.Core.Features.Users;
using KepOffice.IntegrationTests.Support;

namespace KepOffice.IntegrationTests.Foundation;

[Collection(SharedAppsCollection.Name)]
public sealed class AdminUsersApiTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Administrator_creates_a_user_who_can_then_sign_in_with_the_given_roles(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var admin = await app.CreateAdminClientAsync();
        var login = "mgr" + Guid.NewGuid().ToString("N")[..8];

        var created = await admin.PostAsJsonAsync("/api/admin/users",
            new { login, displayName = "Петрова Анна", password = "Manager-Pass-1", roles = new[] { "Manager", "Auditor" } });
        var user = await created.Content.ReadFromJsonAsync<UserSummary>();
        var asManager = await app.CreateClientForAsync(login, "Manager-Pass-1");
        var adminOnly = await asManager.GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["Auditor", "Manager"], user!.Roles);
        Assert.Equal(HttpStatusCode.Forbidden, adminOnly.StatusCode);
    }

    [Theory, BothProviders]
    public async Task Invalid_user_data_is_refused_per_field_and_nothing_is_created(DatabaseProvider provider)
    {
        var admin = await apps.For(provider).CreateAdminClientAsync();
        var before = await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users");

        var unknownRole = await admin.PostAsJsonAsync("/api/admin/users",
            new { login = "newbie1", displayName = "Новый", password = "Valid-Pass-1", roles = new[] { "Boss" } });
        var weakPassword = await admin.PostAsJsonAsync("/api/admin/users",
            new { login = "newbie2", displayName = "Новый", password = "short", roles = new[] { "Operator" } });
        var duplicate = await admin.PostAsJsonAsync("/api/admin/users",
            new { login = "admin", displayName = "Второй", password = "Valid-Pass-1", roles = new[] { "Operator" } });
        var after = await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users");

        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Contains("Неизвестная роль «Boss»", await unknownRole.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, weakPassword.StatusCode);
        Assert.True((await AuthApiTests.ReadProblemAsync(weakPassword)).GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("уже занят", await duplicate.Content.ReadAsStringAsync());
        Assert.Equal(before!.Count, after!.Count);
    }

    [Theory, BothProviders]
    public async Task The_last_administrator_cannot_lose_the_role(DatabaseProvider provider)
    {
        var admin = await apps.For(provider).CreateAdminClientAsync();
        var users = await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users");
        var self = users!.Single(u => u.Login == "admin");

        var response = await admin.PutAsJsonAsync($"/api/admin/users/{self.Id}", new { roles = new[] { "Operator" } });
        var unchanged = await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{self.Id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("последнего активного администратора", await response.Content.ReadAsStringAsync());
        Assert.Equal(["Administrator"], unchanged!.Roles);
    }

    [Theory, BothProviders]
    public async Task Deactivated_user_cannot_sign_in_and_unlock_clears_a_lockout(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var admin = await app.CreateAdminClientAsync();
        var login = await AuthApiTests.CreateOperatorAsync(app);
        var users = await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users");
        var id = users!.Single(u => u.Login == login).Id;
        var anonymous = app.CreateApiClient();
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostAsJsonAsync("/api/auth/login", new { login, password = "Wrong-Password-1" });
        }

        var locked = await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{id}");
        await admin.PostAsync($"/api/admin/users/{id}/unlock", null);
        var unlockedLogin = await anonymous.PostAsJsonAsync("/api/auth/login", new { login, password = KepOfficeApp.DemoPassword });
        await admin.PutAsJsonAsync($"/api/admin/users/{id}", new { isActive = false });
        var deactivatedLogin = await anonymous.PostAsJsonAsync("/api/auth/login", new { login, password = KepOfficeApp.DemoPassword });

        Assert.NotNull(locked!.LockedOutUntil);
        Assert.Equal(HttpStatusCode.OK, unlockedLogin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deactivatedLogin.StatusCode);
        Assert.Contains("отключена", await deactivatedLogin.Content.ReadAsStringAsync());
    }

    [Theory, BothProviders]
    public async Task A_bearer_token_stops_working_when_its_user_is_deactivated_or_loses_a_role(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var admin = await app.CreateAdminClientAsync();
        var login = "mgr" + Guid.NewGuid().ToString("N")[..8];
        var created = await (await admin.PostAsJsonAsync("/api/admin/users",
            new { login, displayName = "Сидорова Мария", password = "Manager-Pass-1", roles = new[] { "Manager", "Auditor" } }))
            .Content.ReadFromJsonAsync<UserSummary>();
        var token = await app.CreateClientForAsync(login, "Manager-Pass-1");
        var before = await token.GetAsync("/api/audit/export.csv?actor=nobody");

        // The token was issued while the user was a Manager and an Auditor: it still says so, the database no longer does.
        await admin.PutAsJsonAsync($"/api/admin/users/{created!.Id}", new { roles = new[] { "Manager" } });
        var afterRoleChange = await token.GetAsync("/api/audit/export.csv?actor=nobody");
        var second = await app.CreateClientForAsync(login, "Manager-Pass-1");
        var freshToken = await second.GetAsync("/api/workflow-definitions");
        await admin.PutAsJsonAsync($"/api/admin/users/{created.Id}", new { isActive = false });
        var afterDeactivation = await second.GetAsync("/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRoleChange.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freshToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterDeactivation.StatusCode);
    }
}
