using System.Security.Claims;
using KepOffice.Core.Features.Users;
using KepOffice.Core.Identity;
using KepOffice.Web.Hosting;

namespace KepOffice.Web.Api;

public sealed record SetPasswordRequest(string? Password);

public static class AdminUsersApi
{
    public static RouteGroupBuilder MapAdminUsersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin/users").WithTags("Администрирование").RequireAuthorization(Policies.Administrators);
        group.MapGet("/", (UserAdministration admin, CancellationToken ct) => admin.ListAsync(ct))
            .WithSummary("Список сотрудников и их ролей.");
        group.MapGet("/{id}", async (string id, UserAdministration admin) =>
            await admin.FindAsync(id) is { } user ? Results.Ok(user) : ApiProblems.NotFound("Пользователь не найден."));
        group.MapPost("/", async (CreateUserRequest request, UserAdministration admin) =>
            ToResult(await admin.CreateAsync(request), created: true));
        group.MapPut("/{id}", async (string id, UpdateUserRequest request, UserAdministration admin, ClaimsPrincipal user) =>
            ToResult(await admin.UpdateAsync(id, request, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "")));
        group.MapPost("/{id}/password", async (string id, SetPasswordRequest request, UserAdministration admin) =>
            ToResult(await admin.SetPasswordAsync(id, request.Password)));
        group.MapPost("/{id}/unlock", async (string id, UserAdministration admin) => ToResult(await admin.UnlockAsync(id)));
        return api;
    }

    private static IResult ToResult(UserCommandResult result, bool created = false)
    {
        if (result.NotFound)
        {
            return ApiProblems.NotFound("Пользователь не найден.");
        }

        if (!result.Succeeded)
        {
            return ApiProblems.Validation(result.Errors);
        }

        return created ? Results.Created($"/api/admin/users/{result.User!.Id}", result.User) : Results.Ok(result.User);
    }
}
