using KepOffice.Core.Startup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.Core.Certificates;

internal static class CertificatesServiceCollectionExtensions
{
    public static IServiceCollection AddKepOfficeCertificates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PkiHostOptions>().Bind(configuration.GetSection(PkiHostOptions.SectionName));
        services.AddSingleton<CaKeyStore>();
        services.AddScoped<CertificateAuthorityStore>();
        services.AddScoped<CrlPublisher>();
        services.AddScoped<CertificateRevocation>();
        services.AddScoped<CertificateHold>();
        services.AddScoped<CertificateVerification>();
        services.AddScoped<RequestRevocationByHolder>();
        services.AddScoped<IStartupStep, DemoCaStep>();
        return services;
    }
}
