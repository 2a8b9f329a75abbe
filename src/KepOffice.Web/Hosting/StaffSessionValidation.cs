using System.Security.Claims;
using KepOffice.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace KepOffice.Web.Hosting;

/// <summary>
/// A bearer token carries the staff member's security stamp as it was at sign-in. Identity checks a cookie's stamp against
/// the database every <c>KepOffice:Auth:RevalidateInterval</c>, but nothing checks a bearer token's: a deactivated user, or
/// one whose roles or password changed, kept using the API until the token expired. Each bearer request now compares the
/// stamp (one lookup by primary key); a stale or deactivated one makes the request anonymous, so it gets a 401.
/// </summary>
internal static class StaffSessionValidation
{
    public static IApplicationBuilder UseBearerStampValidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.User.HasClaim(c => c.Type == ClaimTypes.NameIdentifier)
            && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var signIn = context.RequestServices.GetRequiredService<SignInManager<KepOfficeUser>>();
            var user = await signIn.ValidateSecurityStampAsync(context.User);
            if (user is not { IsActive: true })
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }

        await next(context);
    });
}
