using System.Security.Claims;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
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

/// <summary>
/// Checks a staff login and password, counting failures towards lockout, for the login page and the API alike. Every
/// attempt is audited with the account's id and login; an unknown login is recorded without the text typed, which may be
/// a password or a person's name.
/// </summary>
public sealed class StaffSignIn(SignInManager<KepOfficeUser> signInManager, UserManager<KepOfficeUser> users, KepOfficeDbContext db, AuditLog audit)
{
    public async Task<StaffSignInResult> CheckAsync(string login, string password)
    {
        var result = await CheckCoreAsync(login, password);
        await db.SaveChangesAsync();
        return result;
    }

    private async Task<StaffSignInResult> CheckCoreAsync(string login, string password)
    {
        var user = await users.FindByNameAsync(login.Trim());
        if (user is null)
        {
            audit.Record(AuditActions.SignInFailed, AuditObjects.User, null, "неизвестный логин", audit.Actor(AuditActorKind.Anonymous, "-", null));
            return new StaffSignInResult(SignInOutcome.InvalidCredentials, null, null);
        }

        var actor = audit.Actor(AuditActorKind.User, user.Id, user.UserName);
        var failed = (string reason) => audit.Record(AuditActions.SignInFailed, AuditObjects.User, user.Id, reason, actor);

        if (!user.IsActive)
        {
            failed("учётная запись отключена");
            return new StaffSignInResult(SignInOutcome.Deactivated, null, null);
        }

        var result = await signInManager.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            failed("учётная запись заблокирована");
            return new StaffSignInResult(SignInOutcome.LockedOut, null, await users.GetLockoutEndDateAsync(user));
        }

        if (!result.Succeeded)
        {
            failed("неверный пароль");
            return new StaffSignInResult(SignInOutcome.InvalidCredentials, null, null);
        }

        audit.Record(AuditActions.SignInSucceeded, AuditObjects.User, user.Id, null, actor);
        var principal = await signInManager.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("display_name", user.DisplayName));
        return new StaffSignInResult(SignInOutcome.Succeeded, principal, null);
    }
}
