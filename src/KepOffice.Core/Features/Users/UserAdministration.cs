using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Features.Users;

public sealed record UserSummary(
    string Id, string Login, string DisplayName, string? Email, IReadOnlyList<string> Roles, bool IsActive, DateTimeOffset? LockedOutUntil);

public sealed record CreateUserRequest(string? Login, string? DisplayName, string? Email, string? Password, IReadOnlyList<string>? Roles);

public sealed record UpdateUserRequest(string? DisplayName, string? Email, IReadOnlyList<string>? Roles, bool? IsActive);

/// <summary>Field errors in Russian, keyed by the request field; empty means success.</summary>
public sealed class UserCommandResult
{
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool NotFound { get; private init; }

    public UserSummary? User { get; init; }

    public bool Succeeded => Errors.Count == 0 && !NotFound;

    public static UserCommandResult Missing() => new() { NotFound = true };

    public UserCommandResult Add(string field, string message)
    {
        Errors[field] = Errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return this;
    }
}

/// <summary>Staff accounts and their roles, used by the admin UI and /api/admin/users alike.</summary>
public sealed class UserAdministration(UserManager<KepOfficeUser> users, KepOfficeDbContext db, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var result = new List<UserSummary>(all.Count);
        foreach (var user in all)
        {
            result.Add(await SummarizeAsync(user));
        }

        return result;
    }

    public async Task<UserSummary?> FindAsync(string id) =>
        await users.FindByIdAsync(id) is { } user ? await SummarizeAsync(user) : null;

    public Task<UserCommandResult> CreateAsync(CreateUserRequest request) => AuditedAsync(() => CreateCoreAsync(request));

    public Task<UserCommandResult> UpdateAsync(string id, UpdateUserRequest request, string actingUserId) =>
        AuditedAsync(() => UpdateCoreAsync(id, request, actingUserId));

    public Task<UserCommandResult> SetPasswordAsync(string id, string? password) => AuditedAsync(() => SetPasswordCoreAsync(id, password));

    public Task<UserCommandResult> UnlockAsync(string id) => AuditedAsync(() => UnlockCoreAsync(id));

    private async Task<UserCommandResult> CreateCoreAsync(CreateUserRequest request)
    {
        var result = new UserCommandResult();
        if (string.IsNullOrWhiteSpace(request.Login))
        {
            result.Add("login", "Укажите логин.");
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            result.Add("displayName", "Укажите имя пользователя (ФИО или должность).");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            result.Add("password", "Укажите пароль.");
        }

        ValidateRoles(request.Roles, result);
        if (!result.Succeeded)
        {
            return result;
        }

        var user = new KepOfficeUser
        {
            UserName = request.Login!.Trim(),
            DisplayName = request.DisplayName!.Trim(),
            Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim(),
            CreatedUtc = timeProvider.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                result.Add(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "login", error.Description);
            }

            return result;
        }

        await users.AddToRolesAsync(user, request.Roles!.Distinct());
        audit.Record(AuditActions.UserCreated, AuditObjects.User, user.Id, $"логин {user.UserName}; роли: {string.Join(", ", request.Roles!.Distinct().Order(StringComparer.Ordinal))}");
        return new UserCommandResult { User = await SummarizeAsync(user) };
    }

    private async Task<UserCommandResult> UpdateCoreAsync(string id, UpdateUserRequest request, string actingUserId)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return UserCommandResult.Missing();
        }

        var result = new UserCommandResult();
        if (request.DisplayName is not null && string.IsNullOrWhiteSpace(request.DisplayName))
        {
            result.Add("displayName", "Имя пользователя не может быть пустым.");
        }

        if (request.Roles is not null)
        {
            ValidateRoles(request.Roles, result);
        }

        var losesAdmin = (request.Roles is not null && !request.Roles.Contains(Roles.Administrator)) || request.IsActive == false;
        if (losesAdmin && await users.IsInRoleAsync(user, Roles.Administrator) && await IsLastActiveAdministratorAsync(user))
        {
            result.Add(request.IsActive == false ? "isActive" : "roles",
                "Нельзя отключить последнего активного администратора или снять с него эту роль.");
        }

        if (request.IsActive == false && id == actingUserId)
        {
            result.Add("isActive", "Нельзя отключить собственную учётную запись.");
        }

        if (!result.Succeeded)
        {
            return result;
        }

        var newName = request.DisplayName?.Trim() ?? user.DisplayName;
        var newEmail = request.Email is null ? user.Email : string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        // Which fields changed, never their values: names and addresses are personal data.
        var changedFields = new[] { newName != user.DisplayName ? "имя" : null, newEmail != user.Email ? "e-mail" : null }.OfType<string>().ToList();
        if (changedFields.Count > 0)
        {
            audit.Record(AuditActions.UserChanged, AuditObjects.User, user.Id, "изменено: " + string.Join(", ", changedFields));
        }

        user.DisplayName = newName;
        user.Email = newEmail;
        if (request.IsActive is { } active && active != user.IsActive)
        {
            user.IsActive = active;
            audit.Record(active ? AuditActions.UserActivated : AuditActions.UserDeactivated, AuditObjects.User, user.Id);
            // A deactivated user's cookies and tokens stop working at their next validation.
            await users.UpdateSecurityStampAsync(user);
        }

        await users.UpdateAsync(user);
        if (request.Roles is not null)
        {
            var current = await users.GetRolesAsync(user);
            var wanted = request.Roles.Distinct().Order(StringComparer.Ordinal).ToList();
            if (!current.Order(StringComparer.Ordinal).SequenceEqual(wanted))
            {
                audit.Record(AuditActions.UserRolesChanged, AuditObjects.User, user.Id,
                    $"роли: {string.Join(", ", current.Order(StringComparer.Ordinal))} → {string.Join(", ", wanted)}");
            }

            await users.RemoveFromRolesAsync(user, current.Except(request.Roles));
            await users.AddToRolesAsync(user, request.Roles.Distinct().Except(current));
            await users.UpdateSecurityStampAsync(user);
        }

        return new UserCommandResult { User = await SummarizeAsync(user) };
    }

    private async Task<UserCommandResult> SetPasswordCoreAsync(string id, string? password)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return UserCommandResult.Missing();
        }

        var result = new UserCommandResult();
        if (string.IsNullOrEmpty(password))
        {
            return result.Add("password", "Укажите пароль.");
        }

        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            foreach (var error in check.Errors)
            {
                result.Add("password", error.Description);
            }
        }

        if (!result.Succeeded)
        {
            return result;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        foreach (var error in reset.Errors)
        {
            result.Add("password", error.Description);
        }

        if (result.Succeeded)
        {
            audit.Record(AuditActions.UserPasswordSet, AuditObjects.User, user.Id);
        }

        return result.Succeeded ? new UserCommandResult { User = await SummarizeAsync(user) } : result;
    }

    private async Task<UserCommandResult> UnlockCoreAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return UserCommandResult.Missing();
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(AuditActions.UserUnlocked, AuditObjects.User, user.Id);
        return new UserCommandResult { User = await SummarizeAsync(user) };
    }

    /// <summary>One transaction per command, so the change and its audit rows commit together or not at all.</summary>
    private async Task<UserCommandResult> AuditedAsync(Func<Task<UserCommandResult>> command)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await command();
        if (result.Succeeded)
        {
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        else
        {
            foreach (var entry in db.ChangeTracker.Entries<AuditEvent>().Where(e => e.State == EntityState.Added).ToList())
            {
                entry.State = EntityState.Detached;
            }
        }

        return result;
    }

    private static void ValidateRoles(IReadOnlyList<string>? roles, UserCommandResult result)
    {
        if (roles is null || roles.Count == 0)
        {
            result.Add("roles", "Назначьте хотя бы одну роль.");
            return;
        }

        foreach (var role in roles.Where(r => !Roles.All.Contains(r)))
        {
            result.Add("roles", $"Неизвестная роль «{role}». Допустимы: {string.Join(", ", Roles.All)}.");
        }
    }

    private async Task<bool> IsLastActiveAdministratorAsync(KepOfficeUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        return admins.Count(a => a.IsActive && a.Id != user.Id) == 0;
    }

    private async Task<UserSummary> SummarizeAsync(KepOfficeUser user)
    {
        var roles = await users.GetRolesAsync(user);
        var lockedUntil = user.LockoutEnd is { } end && end > timeProvider.GetUtcNow() ? end : (DateTimeOffset?)null;
        return new UserSummary(user.Id, user.UserName ?? "", user.DisplayName, user.Email, roles.Order().ToList(), user.IsActive, lockedUntil);
    }
}
