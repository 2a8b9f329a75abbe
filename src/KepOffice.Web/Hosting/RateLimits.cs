using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace KepOffice.Web.Hosting;

/// <summary>KepOffice:RateLimits — permits per window; the defaults are far above what staff, portals and the benchmarks do.</summary>
public sealed class RateLimitSettings
{
    public const string SectionName = "KepOffice:RateLimits";

    public int LoginPerIp { get; set; } = 600;

    public int LoginPerName { get; set; } = 300;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);

    public int IntakePerClient { get; set; } = 6000;

    public TimeSpan IntakeWindow { get; set; } = TimeSpan.FromMinutes(1);

    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(LoginPerIp), LoginPerIp), (nameof(LoginPerName), LoginPerName), (nameof(IntakePerClient), IntakePerClient) })
        {
            if (value < 1)
            {
                throw new Core.Startup.KepOfficeStartupException($"{SectionName}:{name} должен быть не меньше 1 (сейчас {value}).");
            }
        }

        foreach (var (name, value) in new[] { (nameof(LoginWindow), LoginWindow), (nameof(IntakeWindow), IntakeWindow) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                throw new Core.Startup.KepOfficeStartupException($"{SectionName}:{name} должен быть больше нуля и не больше суток (сейчас {value}).");
            }
        }
    }
}

/// <summary>
/// Sign-in attempts per client address and per login name, for the API and the login page alike. The login name is only
/// known once the body is read, so this is checked by the handlers rather than by the rate-limiting middleware.
/// </summary>
public sealed class LoginThrottle(RateLimitSettings settings) : IDisposable
{
    private const int MaxKeyLength = 256;

    private readonly PartitionedRateLimiter<string> _byIp = Create(settings.LoginPerIp, settings.LoginWindow);
    private readonly PartitionedRateLimiter<string> _byName = Create(settings.LoginPerName, settings.LoginWindow);

    /// <summary>Null when the attempt may go ahead, otherwise how long to wait.</summary>
    public TimeSpan? Check(HttpContext http, string login)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "-";
        var name = login.Trim().ToLowerInvariant();
        return Refused(_byIp, ip) ?? Refused(_byName, name.Length > MaxKeyLength ? name[..MaxKeyLength] : name);
    }

    public void Dispose()
    {
        _byIp.Dispose();
        _byName.Dispose();
    }

    private static TimeSpan? Refused(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        }));
}

public static class RateLimits
{
    public const string IntakePolicy = "intake";

    public static IServiceCollection AddKepOfficeRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RateLimitSettings.SectionName).Get<RateLimitSettings>() ?? new RateLimitSettings();
        settings.Validate();
        services.AddSingleton(settings);
        services.AddSingleton<LoginThrottle>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                return new ValueTask(Rejected(wait, "Слишком много запросов от этого клиента API.").ExecuteAsync(context.HttpContext));
            };
            // Partitioned by a hash of the key, so the key itself is never held in memory longer than the request.
            o.AddPolicy(IntakePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString() is { Length: > 0 } key
                    ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))
                    : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "-"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.IntakePerClient, Window = settings.IntakeWindow, QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>429 with a Russian problem and Retry-After in whole seconds.</summary>
    public static IResult Rejected(TimeSpan wait, string reason)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new RetryAfterResult(seconds, TypedResults.Problem(
            title: ApiProblems.TitleFor(StatusCodes.Status429TooManyRequests),
            detail: $"{reason} Повторите через {seconds} с.",
            statusCode: StatusCodes.Status429TooManyRequests));
    }

    private sealed class RetryAfterResult(int seconds, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
