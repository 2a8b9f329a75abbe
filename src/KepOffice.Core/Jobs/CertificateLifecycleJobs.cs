using System.ComponentModel;
using Hangfire;
using KepOffice.Core.Certificates.Lifecycle;

namespace KepOffice.Core.Jobs;

/// <summary>Renewal reminders, expiry and the revocation deadline alarm. Both read the state they act on and are safe to re-run on any node.</summary>
public sealed class CertificateLifecycleJobs(RenewalReminders reminders, CertificateExpiry expiry, RevocationDeadlineAlarm revocationDeadline)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Напоминания о продлении сертификатов")]
    public Task<ReminderRunResult> SendRenewalRemindersAsync(CancellationToken cancellationToken) => reminders.SendDueAsync(cancellationToken);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Истечение срока действия сертификатов")]
    public Task<ExpiryRunResult> ExpireCertificatesAsync(CancellationToken cancellationToken) => expiry.ExpireDueAsync(cancellationToken);

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Срок отзыва сертификатов: оповещение руководителей")]
    public Task<RevocationAlarmRunResult> AlarmRevocationDeadlinesAsync(CancellationToken cancellationToken) => revocationDeadline.AlarmAsync(cancellationToken);
}
