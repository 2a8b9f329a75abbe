using System.ComponentModel;
using Hangfire;
using KepOffice.Core.Certificates.Bulk;

namespace KepOffice.Core.Jobs;

/// <summary>The Hangfire side of a bulk revocation: takes the id, and the work reads its state, so a retry goes on where it stopped.</summary>
public sealed class BulkRevocationJobs(BulkRevocations bulk)
{
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [AutomaticRetry(Attempts = 5)]
    [DisplayName("Массовый отзыв сертификатов {0}")]
    public async Task RunAsync(Guid bulkRevocationId, CancellationToken cancellationToken) => await bulk.RunAsync(bulkRevocationId, cancellationToken);
}
