using KepOffice.Core.Features.Users;
using KepOffice.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace KepOffice.Web.Api;

public sealed record LoginRequest(string? Login, string? Password);

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Вход");
        group.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .WithSummary("Вход сотрудника: выдаёт токен доступа (Bearer) для REST API.");
        return api;
    }

    private static async Task<IResult> LoginAsync(StaffSignIn signIn, LoginThrottle throttle, HttpContext http)
    {
        // Read here rather than bound: a bound body declares the JSON content type to routing, which then answers another
        // content type with its own 415 endpoint; that endpoint carries no AllowAnonymous, so the fallback policy turned it
        // into a 401 challenge for the anonymous caller.
        if (!http.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException("Expected application/json", StatusCodes.Status415UnsupportedMediaType);
        }

        var request = await http.Request.ReadFromJsonAsync<LoginRequest>(http.RequestAborted)
            ?? throw new BadHttpRequestException("Empty body", StatusCodes.Status400BadRequest);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Login))
        {
            errors["login"] = ["Укажите логин."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Укажите пароль."];
        }

        if (ApiProblems.IsUnclean(request.Login))
        {
            errors["login"] = ["Логин содержит управляющие или недопустимые символы."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (throttle.Check(http, request.Login!) is { } wait)
        {
            return RateLimits.Rejected(wait, "Слишком много попыток входа.");
        }

        var result = await signIn.CheckAsync(request.Login!, request.Password!);
        if (result.Outcome != SignInOutcome.Succeeded)
        {
            return TypedResults.Problem(title: "Вход не выполнен", detail: result.Message, statusCode: StatusCodes.Status401Unauthorized);
        }

        // Writes { tokenType, accessToken, expiresIn, refreshToken }.
        return TypedResults.SignIn(result.Principal!, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
