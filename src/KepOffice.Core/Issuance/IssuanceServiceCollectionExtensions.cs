using KepOffice.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.Core.Issuance;

internal static class IssuanceServiceCollectionExtensions
{
    /// <summary>The CA's own activities and the e-mail bridge; call after AddWorkflows.</summary>
    public static IServiceCollection AddKepOfficeIssuance(this IServiceCollection services)
    {
        services.AddWorkflowActivity<SetApplicationStatusActivity>();
        services.AddWorkflowActivity<IssueCertificateActivity>();
        services.AddWorkflowActivity<Certificates.RevokeCertificateActivity>();
        services.AddWorkflowActivity<Certificates.SupersedeCertificateActivity>();
        services.AddScoped<ServerKeyHandover>();
        services.AddScoped<IWorkflowEmailSender, IssuanceEmailSender>();
        return services;
    }
}
