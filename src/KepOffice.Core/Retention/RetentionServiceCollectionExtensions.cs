using KepOffice.Core.Startup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Retention;

public static class RetentionServiceCollectionExtensions
{
    public static IServiceCollection AddKepOfficeRetention(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RetentionOptions.SectionName).Get<RetentionOptions>() ?? new();
        if (settings.Problem() is { } problem)
        {
            throw new KepOfficeStartupException(problem);
        }

        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName);
        services.AddScoped<DocumentRetention>();
        services.AddScoped<LegalHolds>();
        services.AddScoped<Jobs.RetentionJobs>();
        return services;
    }
}
