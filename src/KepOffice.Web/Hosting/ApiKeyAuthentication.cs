using System.Security.Claims;
using System.Text.Encodings.Web;
using KepOffice.Core.Applications;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KepOffice.Web.Hosting;

/// <summary>Portals authenticate with a per-client API key in the X-Api-Key header.</summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "IntakeApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string ClientClaim = "intake_client";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.ToString() is not { Length: > 0 } key)
        {
            return AuthenticateResult.NoResult();
        }

        var client = await Context.RequestServices.GetRequiredService<IntakeClients>().AuthenticateAsync(key, Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("Unknown or disabled API key");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClientClaim, client.Id.ToString()), new Claim(ClaimTypes.Name, client.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
