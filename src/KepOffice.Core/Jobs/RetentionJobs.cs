using System.ComponentModel;
using Hangfire;
using KepOffice.Core.Retention;

namespace KepOffice.Core.Jobs;

/// <summary>Document retention: reads what is due on each run, so it is safe to re-run on any node.</summary>
public sealed class RetentionJobs(DocumentRetention retention)
{
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Удаление документов по истечении срока хранения")]
    public Task<RetentionRunResult> PurgeExpiredDocumentsAsync(CancellationToken cancellationToken) => retention.PurgeDueAsync(cancellationToken);
}
