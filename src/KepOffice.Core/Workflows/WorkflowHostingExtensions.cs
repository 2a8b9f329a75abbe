using KepOffice.Core.Data;
using KepOffice.Core.Identity;
using KepOffice.Core.Startup;
using KepOffice.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.Core.Workflows;

internal static class WorkflowHostingExtensions
{
    public static IServiceCollection AddKepOfficeWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflows<KepOfficeDbContext>(options =>
        {
            options.SupervisorRole = Roles.Manager;
            configuration.GetSection("KepOffice:Workflows:Retry").Bind(options.Retry);
            options.StaleInstanceTimeout = configuration.GetValue("KepOffice:Workflows:StaleInstanceTimeout", options.StaleInstanceTimeout);
            options.MaxConcurrentTransactions = configuration.GetValue("KepOffice:Workflows:MaxConcurrentTransactions", options.MaxConcurrentTransactions);
        });
        services.AddScoped<IStartupStep, WorkflowFileImport>();
        return services;
    }
}
