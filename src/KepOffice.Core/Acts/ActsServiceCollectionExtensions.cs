using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KepOffice.Core.Acts;

public static class ActsServiceCollectionExtensions
{
    public static IServiceCollection AddKepOfficeActs(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ActRenderer>();
        services.TryAddSingleton<ActFactory>();
        return services;
    }
}
