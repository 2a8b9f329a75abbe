using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Certificates.Lifecycle;

internal static class LifecycleServiceCollectionExtensions
{
    public static IServiceCollection AddKepOfficeCertificateLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LifecycleOptions>()
            .Bind(configuration.GetSection(LifecycleOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LifecycleOptions>, LifecycleOptionsValidation>();
        services.AddSingleton<LifecycleMail>();
        services.AddScoped<RenewalReminders>();
        services.AddScoped<CertificateExpiry>();
        services.AddScoped<RevocationDeadlineAlarm>();
        services.AddScoped<Bulk.BulkRevocations>();
        services.AddScoped<Jobs.BulkRevocationJobs>();
        services.AddScoped<Jobs.CertificateLifecycleJobs>();
        return services;
    }

    /// <summary>Names every wrong setting at start-up instead of a generic "validation failed".</summary>
    private sealed class LifecycleOptionsValidation : IValidateOptions<LifecycleOptions>
    {
        public ValidateOptionsResult Validate(string? name, LifecycleOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
