using System.Net;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Foundation;

[Collection(SharedAppsCollection.Name)]
public sealed class EndpointPolicyTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Hangfire_dashboard_is_for_administrators_only(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var anonymous = await app.CreateApiClient().GetAsync("/hangfire");
        var asOperator = await (await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword)).GetAsync("/hangfire");
        var asAdmin = await (await app.CreateAdminClientAsync()).GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, asOperator.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Theory, BothProviders]
    public async Task Pages_send_anonymous_visitors_to_the_russian_login_page(DatabaseProvider provider)
    {
        var client = apps.For(provider).CreateApiClient();

        var home = await client.GetAsync("/admin/users");
        var login = await client.GetStringAsync("/account/login");

        var headers = (await client.GetAsync("/account/login")).Headers;

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Contains("Вход в систему", login);
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("lang=\"ru\"", login);
    }
}
