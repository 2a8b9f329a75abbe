using KepOffice.Core.Configuration;
using KepOffice.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KepOffice.Core.Startup;

/// <summary>Creates the roles, the first administrator and (when enabled) the demo staff on an empty database.</summary>
internal sealed class IdentitySeeder(
    RoleManager<IdentityRole> roleManager,
    UserManager<KepOfficeUser> userManager,
    TimeProvider timeProvider,
    ILogger<IdentitySeeder> logger)
{
    private static readonly (string Login, string DisplayName, string Role)[] DemoStaff =
    [
        ("operator", "Оператор Демо", Roles.Operator),
        ("manager", "Руководитель Демо", Roles.Manager),
        ("auditor", "Аудитор Демо", Roles.Auditor),
    ];

    public async Task SeedAsync(KepOfficeOptions options, CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)), role);
            }
        }

        if (await userManager.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var adminPassword = options.Admin.Password;
        var adminGenerated = string.IsNullOrEmpty(adminPassword);
        adminPassword = adminGenerated ? PasswordGenerator.Generate() : adminPassword!;
        await CreateAsync(options.Admin.Login, "Администратор", Roles.Administrator, adminPassword);
        logger.LogInformation("First administrator {Login} created", options.Admin.Login);
        if (adminGenerated)
        {
            // Printed once, to the console only: the log may be shipped elsewhere.
            Console.WriteLine($"KepOffice: создан первый администратор «{options.Admin.Login}», пароль: {adminPassword}");
            Console.WriteLine("KepOffice: сохраните пароль — он больше не будет показан (или задайте KepOffice__Admin__Password).");
        }

        if (!options.Demo.Enabled)
        {
            return;
        }

        var demoPassword = string.IsNullOrEmpty(options.Demo.Password) ? PasswordGenerator.Generate() : options.Demo.Password!;
        foreach (var (login, displayName, role) in DemoStaff)
        {
            await CreateAsync(login, displayName, role, demoPassword);
        }

        if (string.IsNullOrEmpty(options.Demo.Password))
        {
            Console.WriteLine($"KepOffice: демо-пользователи operator, manager, auditor, пароль: {demoPassword}");
        }
    }

    private async Task CreateAsync(string login, string displayName, string role, string password)
    {
        var user = new KepOfficeUser
        {
            UserName = login,
            DisplayName = displayName,
            CreatedUtc = timeProvider.GetUtcNow().UtcDateTime,
        };
        Check(await userManager.CreateAsync(user, password), login);
        Check(await userManager.AddToRoleAsync(user, role), login);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new KepOfficeStartupException(
                $"Не удалось создать «{what}»: {string.Join("; ", result.Errors.Select(e => e.Description))}. " +
                "Проверьте настройки KepOffice:Admin:Password и KepOffice:Demo:Password (не короче 10 символов, строчные и прописные буквы, цифры).");
        }
    }
}
