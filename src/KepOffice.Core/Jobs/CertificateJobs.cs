using System.ComponentModel;
using Hangfire;
using KepOffice.Core.Certificates;

namespace KepOffice.Core.Jobs;

/// <summary>Periodic work on certificates and CRLs. Each method checks state itself and is safe to re-run.</summary>
public sealed class CertificateJobs(CrlPublisher crls)
{
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Выпуск CRL")]
    public Task<int> RenewCrlsAsync(CancellationToken cancellationToken) => crls.RenewDueAsync(cancellationToken);
}
