using KepOffice.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace KepOffice.Web.Api;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<KepOfficeUser> signInManager) =>
            {
                await signInManager.SignOutAsync();
                return Results.LocalRedirect("/account/login");
            })
            .RequireAuthorization(Policies.Staff);
        return app;
    }
}
