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
    [Fact]
    public void Every_endpoint_and_page_declares_a_policy_or_anonymous_access()
    {
        var app = apps.For(DatabaseProvider.Sqlite);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            // The framework's static-file fallback; it falls under the fallback policy (signed-in users only).
            .Where(e => !(e.RoutePattern.RawText == "{**path:file}" && e.DisplayName?.StartsWith("Fallback", StringComparison.Ordinal) == true))
            .Select(e => $"{e.RoutePattern.RawText} ({e.DisplayName})")
            .Distinct()
            .ToList();

        Assert.True(endpoints.Count > 10, "the route table should be enumerated");
        Assert.True(undeclared.Count == 0, string.Join("\n", undeclared));
    }

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
