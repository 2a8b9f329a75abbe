using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.Core.Applications;

internal static class ApplicationsServiceCollectionExtensions
{
    public static IServiceCollection AddKepOfficeApplications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection(IntakeOptions.SectionName));
        services.AddScoped<IntakeClients>();
        services.AddScoped<SubmitApplication>();
        services.AddScoped<SubmitRenewal>();
        services.AddScoped<ResubmitDocuments>();
        services.AddScoped<SignedActScans>();
        services.AddScoped<ApplicationQueries>();
        return services;
    }
}
