using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using KepOffice.Core.Data;
using KepOffice.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using MudBlazor;
using MudBlazor.Services;

namespace KepOffice.Web.Hosting;

public static class WebServiceCollectionExtensions
{
    /// <summary>The authentication scheme that picks bearer tokens for API calls and the cookie otherwise.</summary>
    public const string SmartScheme = "KepOffice";

    public static WebApplicationBuilder AddKepOfficeWeb(this WebApplicationBuilder builder)
    {
        // Static assets of packages (MudBlazor) are served outside Development too.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        AddAuth(services, builder.Configuration);
        AddApi(services);
        AddUi(services);
        AddJobs(services, builder.Configuration);
        services.AddHttpContextAccessor();
        services.AddKepOfficeRateLimits(builder.Configuration);
        services.AddScoped<KepOffice.Core.Audit.IAuditActorSource, HttpAuditActorSource>();
        services.AddHealthChecks().AddDbContextCheck<KepOfficeDbContext>("database", tags: ["ready"]);
        return builder;
    }

    private static void AddAuth(IServiceCollection services, IConfiguration configuration)
    {
        var tokenLifetime = configuration.GetValue("KepOffice:Auth:AccessTokenLifetime", TimeSpan.FromHours(1));
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", o =>
            {
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = tokenLifetime)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        // How soon a sign-in cookie notices a deactivated user or changed roles (Identity's default is 30 minutes).
        var revalidate = configuration.GetValue("KepOffice:Auth:RevalidateInterval", TimeSpan.FromMinutes(1));
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = revalidate);

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "KepOffice.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // API callers get status codes, not redirects to the login page.
            o.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in Policies.RolesByPolicy)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        authorization.AddPolicy(Policies.IntakeClients, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireClaim(ApiKeyAuthenticationHandler.ClientClaim));

        // Anything that forgets to declare a policy is at least closed to anonymous callers.
        authorization.SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
    }

    private static Task RedirectOrStatus(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hangfire/stats"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static void AddApi(IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Status is { } status && (problem.Title is null || problem.Title.All(c => c < 128)))
            {
                problem.Title = ApiProblems.TitleFor(status);
            }

            // Answers the framework writes itself (a route that does not match, a wrong content type) carry no detail.
            if (problem.Status is { } code && string.IsNullOrEmpty(problem.Detail))
            {
                problem.Detail = ApiProblems.DetailFor(code);
            }

            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowTrailingCommas = false);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "KepOffice API";
            document.Info.Description = "REST API удостоверяющего центра: приём заявлений, задачи, процессы, сертификаты.";
            return Task.CompletedTask;
        }));
    }

    private static void AddUi(IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = new[] { new CultureInfo("ru-RU"), new CultureInfo("en-US") };
            o.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture("ru-RU");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
        });
    }

    private static void AddJobs(IServiceCollection services, IConfiguration configuration)
    {
        // Hangfire keeps its storage in a static (JobStorage.Current) and by default hands that to the container: with two
        // hosts in one process (tests start them in parallel) one host's job client could get the other's storage, and use
        // it after that host was disposed. Each host registers the storage its own configuration created.
        var storage = new HostJobStorage();
        services.AddHangfire((provider, config) =>
        {
            var database = provider.GetRequiredService<DatabaseSettings>();
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(new HostHangfireLogProvider(provider.GetRequiredService<ILoggerFactory>()));
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                storage.Storage = config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxAutoPrepare = 0 }.ConnectionString) /* Hangfire's queue fetch without the node's prepared statements */,
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = "hangfire",
                        PrepareSchemaIfNecessary = true,

                        // Hangfire's locks (the recurring-job scheduler's, DisableConcurrentExecution's) are rows that the
                        // holder deletes when done. A node killed while holding one, or whose DELETE fails because PostgreSQL
                        // restarted, leaves the row behind, and nobody takes the lock until the row is this old: with the
                        // storage's default of 10 minutes, e-mail delivery, timers and the recovery of stalled processes
                        // all stopped for that long. A run longer than the expiry may be overlapped by the next trigger, which
                        // every job tolerates: outbox claims, per-instance workflow locks, dedupe keys of reminders and the
                        // CA row's concurrency token guard the work itself.
                        DistributedLockTimeout = configuration.GetValue("KepOffice:Hangfire:LockTimeout", TimeSpan.FromMinutes(1)),
                    }).Entry;
            }
            else
            {
                storage.Storage = config.UseInMemoryStorage().Entry;
            }
        });
        // Registered after AddHangfire, so these are the ones resolved.
        services.AddSingleton<JobStorage>(provider =>
        {
            provider.GetRequiredService<IGlobalConfiguration>();
            return storage.Storage ?? throw new InvalidOperationException("Hangfire's storage was not configured.");
        });
        services.AddSingleton<IBackgroundJobClient>(provider =>
            new BackgroundJobClient(provider.GetRequiredService<JobStorage>(), provider.GetRequiredService<Hangfire.Common.IJobFilterProvider>()));
        services.AddSingleton<IRecurringJobManager>(provider =>
            new RecurringJobManager(provider.GetRequiredService<JobStorage>(), provider.GetRequiredService<Hangfire.Common.IJobFilterProvider>()));
        // Each host activates jobs in its own container (Hangfire's static JobActivator.Current would be
        // shared by every host in one process, e.g. in tests).
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfireServer(o =>
        {
            o.WorkerCount = configuration.GetValue("KepOffice:Hangfire:WorkerCount", 4);
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
    }

    private sealed class HostJobStorage
    {
        public JobStorage? Storage { get; set; }
    }
}
