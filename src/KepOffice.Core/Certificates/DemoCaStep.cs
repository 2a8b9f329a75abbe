using KepOffice.Core.Configuration;
using KepOffice.Core.Startup;
using KepOffice.Pki.Algorithms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Certificates;

/// <summary>On first run with demo data enabled, creates a demo root and issuing CA so the office can work at once.</summary>
internal sealed class DemoCaStep(
    CertificateAuthorityStore authorities,
    CrlPublisher crls,
    IOptions<KepOfficeOptions> options,
    ILogger<DemoCaStep> logger) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Demo.Enabled || (await authorities.ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var (root, issuing) = await authorities.InitAsync(
            new CaInitRequest("Демонстрационный УЦ KepOffice", "KepOffice (демо, без юридической силы)", KeySpec.Gost256, IsDemo: true, IdPrefix: "demo"),
            cancellationToken);
        await crls.PublishAsync(root.Id, cancellationToken);
        await crls.PublishAsync(issuing.Id, cancellationToken);
        logger.LogWarning("Demo CA {CaId} created: certificates it issues have no legal force", issuing.Id);
    }
}
