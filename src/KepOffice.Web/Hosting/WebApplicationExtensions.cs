using Hangfire;
using KepOffice.Core.Identity;
using KepOffice.Web.Api;
using KepOffice.Web.Components;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace KepOffice.Web.Hosting;

public static class WebApplicationExtensions
{
    public static WebApplication UseKepOffice(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseBearerStampValidation();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapKepOfficeEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();

        var api = app.MapGroup("/api");
        api.MapAuthApi();
        api.MapAdminUsersApi();
        api.MapWorkflowDefinitionsApi();
        api.MapWorkflowInstancesApi();
        api.MapTasksApi();
        api.MapStimuliApi();
        api.MapIntakeApi();
        api.MapCertificatesApi();
        api.MapAuditApi();

        app.MapAccountEndpoints();
        app.MapPkiEndpoints();
        app.MapApplicationsApi();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
            {
                DashboardTitle = "KepOffice — фоновые задания",
                Authorization = [new AdministratorDashboardFilter()],
                AppPath = "/",
            })
            .RequireAuthorization(Policies.Administrators);

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().Add(DeclareFrameworkEndpointPolicy);
        return app;
    }

    // Pages declare their own policy. Blazor's own endpoints get one here: the circuit hub is for
    // signed-in staff; the redirect helper and the static-file fallback serve no data.
    private static void DeclareFrameworkEndpointPolicy(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder route
            || endpoint.Metadata.Any(m => m is Microsoft.AspNetCore.Authorization.IAuthorizeData or Microsoft.AspNetCore.Authorization.IAllowAnonymous))
        {
            return;
        }

        var pattern = route.RoutePattern.RawText ?? "";
        if (pattern.StartsWith("/_blazor", StringComparison.Ordinal))
        {
            endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(Policies.Staff));
        }
        else if (pattern.StartsWith("/_framework/", StringComparison.Ordinal) || pattern == "{**path:file}")
        {
            endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
        }
    }
}
