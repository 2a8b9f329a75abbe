using KepOffice.Core.Acts;
using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Configuration;
using KepOffice.Core.Email;
using KepOffice.Core.Issuance;
using KepOffice.Core.Data;
using KepOffice.Core.Identity;
using KepOffice.Core.Startup;
using KepOffice.Core.Workflows;
using KepOffice.Core.Protection;
using KepOffice.Core.Retention;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace KepOffice.Core;

public static class CoreServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddKepOfficeCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<KepOfficeOptions>().BindConfiguration(KepOfficeOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        // The initializer goes first so that migrations run before any other hosted service starts.
        services.AddSingleton<KepOfficeInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<KepOfficeInitializer>());
        services.AddScoped<IdentitySeeder>();
        services.AddScoped<Features.Users.UserAdministration>();
        services.AddScoped<Features.Users.StaffSignIn>();

        var database = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(database);
        AddDatabase(services, database);
        AddIdentity(services, builder.Configuration.GetSection(KepOfficeOptions.SectionName).Get<KepOfficeOptions>() ?? new());
        services.AddKepOfficeAudit();
        services.AddKepOfficeCertificates(builder.Configuration);
        services.AddKepOfficeCertificateLifecycle(builder.Configuration);
        services.AddKepOfficeApplications(builder.Configuration);
        services.AddKepOfficeWorkflows(builder.Configuration);
        services.AddKepOfficeEmail(builder.Configuration);
        services.AddKepOfficeIssuance();
        services.AddKepOfficeActs();
        services.AddKepOfficeRetention(builder.Configuration);
        services.AddScoped<Jobs.EmailJobs>();
        services.AddScoped<Jobs.TaskEscalationMail>();
        services.AddScoped<Jobs.WorkflowJobs>();
        services.AddScoped<Jobs.CertificateJobs>();
        services.AddScoped<IStartupStep, Jobs.RecurringJobSchedule>();
        services.AddKepOfficeDataProtection(builder.Configuration, builder.Environment);
        return builder;
    }

    private static void AddDatabase(IServiceCollection services, DatabaseSettings database)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextPool<SqliteKepOfficeDbContext>((sp, o) =>
                    o.UseSqlite(database.ConnectionString).UsePersonalDataProtection(sp.GetRequiredService<PersonalDataProtection>()));
                services.AddScoped<KepOfficeDbContext>(sp => WithAuditActors(sp, sp.GetRequiredService<SqliteKepOfficeDbContext>()));
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<PostgresKepOfficeDbContext>((sp, o) =>
                    o.UseNpgsql(database.ConnectionString).UsePersonalDataProtection(sp.GetRequiredService<PersonalDataProtection>()));
                services.AddScoped<KepOfficeDbContext>(sp => WithAuditActors(sp, sp.GetRequiredService<PostgresKepOfficeDbContext>()));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(database), database.Provider, null);
        }
    }

    // Pooled contexts cannot take scoped services: the scope's audit actor is handed over on each resolution.
    private static KepOfficeDbContext WithAuditActors(IServiceProvider services, KepOfficeDbContext context)
    {
        context.AuditActors = services.GetService<IAuditActorSource>();
        context.AuditClock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        return context;
    }

    private static void AddIdentity(IServiceCollection services, KepOfficeOptions options)
    {
        services.AddIdentityCore<KepOfficeUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = options.Auth.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = options.Auth.LockoutDuration;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<KepOfficeDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<RussianIdentityErrorDescriber>();
    }
}
