using System.ComponentModel;
using Hangfire;
using KepOffice.Core.Certificates.Lifecycle;

namespace KepOffice.Core.Jobs;

/// <summary>Renewal reminders and expiry. Both read the state they act on and are safe to re-run on any node.</summary>
public sealed class CertificateLifecycleJobs(RenewalReminders reminders, CertificateExpiry expiry)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Напоминания о продлении сертификатов")]
    public Task<ReminderRunResult> SendRenewalRemindersAsync(CancellationToken cancellationToken) => reminders.SendDueAsync(cancellationToken);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Истечение срока действия сертификатов")]
    public Task<ExpiryRunResult> ExpireCertificatesAsync(CancellationToken cancellationToken) => expiry.ExpireDueAsync(cancellationToken);
}
