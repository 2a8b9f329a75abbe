using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KepOffice.Core.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddKepOfficeAudit(this IServiceCollection services)
    {
        services.TryAddScoped<IAuditActorSource, SystemAuditActorSource>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditQueries>();
        return services;
    }
}
