using System.Security.Claims;
using KepOffice.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace KepOffice.Core.Features.Users;

public enum SignInOutcome
{
    Succeeded,
    InvalidCredentials,
    LockedOut,
    Deactivated,
}

public sealed record StaffSignInResult(SignInOutcome Outcome, ClaimsPrincipal? Principal, DateTimeOffset? LockedOutUntil)
{
    public string Message => Outcome switch
    {
        SignInOutcome.Succeeded => "",
        SignInOutcome.InvalidCredentials => "Неверный логин или пароль.",
        SignInOutcome.LockedOut => LockedOutUntil is { } until
            ? $"Учётная запись временно заблокирована после нескольких неудачных попыток входа. Повторите после {until.ToLocalTime().ToString("HH:mm", System.Globalization.CultureInfo.GetCultureInfo("ru-RU"))} или обратитесь к администратору."
            : "Учётная запись временно заблокирована. Обратитесь к администратору.",
        SignInOutcome.Deactivated => "Учётная запись отключена. Обратитесь к администратору.",
    };
}

/// <summary>Checks a staff login and password, counting failures towards lockout, for the login page and the API alike.</summary>
public sealed class StaffSignIn(SignInManager<KepOfficeUser> signInManager, UserManager<KepOfficeUser> users)
{
    public async Task<StaffSignInResult> CheckAsync(string login, string password)
    {
        var user = await users.FindByNameAsync(login.Trim());
        if (user is null)
        {
            return new StaffSignInResult(SignInOutcome.InvalidCredentials, null, null);
        }

        if (!user.IsActive)
        {
            return new StaffSignInResult(SignInOutcome.Deactivated, null, null);
        }

        var result = await signInManager.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new StaffSignInResult(SignInOutcome.LockedOut, null, await users.GetLockoutEndDateAsync(user));
        }

        if (!result.Succeeded)
        {
            return new StaffSignInResult(SignInOutcome.InvalidCredentials, null, null);
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("display_name", user.DisplayName));
        return new StaffSignInResult(SignInOutcome.Succeeded, principal, null);
    }
}
