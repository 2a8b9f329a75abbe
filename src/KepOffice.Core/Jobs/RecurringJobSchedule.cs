using Hangfire;
using KepOffice.Core.Startup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KepOffice.Core.Jobs;

/// <summary>
/// Every recurring job and its schedule, in one place. A schedule is overridden with
/// KepOffice:Jobs:{id}:Cron (e.g. KepOffice__Jobs__workflow-timers__Cron); "off" disables a job.
/// Hangfire's storage lock makes sure one node triggers a recurring job at a time, and each job
/// class carries DisableConcurrentExecution so that a slow run is never overlapped by the next.
/// </summary>
internal sealed class RecurringJobSchedule(IRecurringJobManager recurringJobs, IConfiguration configuration, ILogger<RecurringJobSchedule> logger)
    : IStartupStep
{
    public static readonly IReadOnlyList<(string Id, string DefaultCron, string Description)> Jobs =
    [
        ("workflow-timers", "* * * * *", "Возобновление процессов по наступившим таймерам и повторным попыткам"),
        ("workflow-recovery", "* * * * *", "Подхват процессов, оставленных остановившимся узлом"),
        ("task-escalation", "*/5 * * * *", "Эскалация просроченных задач руководителям"),
        ("workflow-inbox-purge", "17 * * * *", "Очистка устаревших сигналов из входящей очереди процессов"),
        ("email-delivery", "* * * * *", "Отправка писем из очереди с повторными попытками"),
        ("crl-renewal", "*/15 * * * *", "Выпуск нового CRL до наступления nextUpdate"),
        ("renewal-reminders", "23 * * * *", "Напоминания владельцам о продлении сертификатов (по порогам KepOffice:Lifecycle:ReminderDays)"),
        ("certificate-expiry", "* * * * *", "Перевод сертификатов с истёкшим сроком в статус «Истёк» и письмо владельцу"),
        ("revocation-deadline", "*/5 * * * *", "Оповещение руководителей о запросах на отзыв, не исполненных к сроку (12 часов с момента запроса)"),
        ("document-retention", "41 2 * * *", "Удаление сканов документов по истечении срока хранения (кроме заявлений под удержанием)"),
    ];

    public Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, defaultCron, _) in Jobs)
        {
            var cron = configuration[$"KepOffice:Jobs:{id}:Cron"] ?? defaultCron;
            if (string.Equals(cron, "off", StringComparison.OrdinalIgnoreCase))
            {
                recurringJobs.RemoveIfExists(id);
                logger.LogInformation("Recurring job {JobId} is switched off", id);
                continue;
            }

            var options = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
            switch (id)
            {
                case "workflow-timers":
                    recurringJobs.AddOrUpdate<WorkflowJobs>(id, j => j.ResumeDueTimersAsync(CancellationToken.None), cron, options);
                    break;
                case "workflow-recovery":
                    recurringJobs.AddOrUpdate<WorkflowJobs>(id, j => j.RecoverStaleInstancesAsync(CancellationToken.None), cron, options);
                    break;
                case "task-escalation":
                    recurringJobs.AddOrUpdate<WorkflowJobs>(id, j => j.EscalateOverdueTasksAsync(CancellationToken.None), cron, options);
                    break;
                case "workflow-inbox-purge":
                    recurringJobs.AddOrUpdate<WorkflowJobs>(id, j => j.PurgeInboxAsync(CancellationToken.None), cron, options);
                    break;
                case "email-delivery":
                    recurringJobs.AddOrUpdate<EmailJobs>(id, j => j.DeliverAsync(CancellationToken.None), cron, options);
                    break;
                case "crl-renewal":
                    recurringJobs.AddOrUpdate<CertificateJobs>(id, j => j.RenewCrlsAsync(CancellationToken.None), cron, options);
                    break;
                case "renewal-reminders":
                    recurringJobs.AddOrUpdate<CertificateLifecycleJobs>(id, j => j.SendRenewalRemindersAsync(CancellationToken.None), cron, options);
                    break;
                case "certificate-expiry":
                    recurringJobs.AddOrUpdate<CertificateLifecycleJobs>(id, j => j.ExpireCertificatesAsync(CancellationToken.None), cron, options);
                    break;
                case "revocation-deadline":
                    recurringJobs.AddOrUpdate<CertificateLifecycleJobs>(id, j => j.AlarmRevocationDeadlinesAsync(CancellationToken.None), cron, options);
                    break;
                case "document-retention":
                    recurringJobs.AddOrUpdate<RetentionJobs>(id, j => j.PurgeExpiredDocumentsAsync(CancellationToken.None), cron, options);
                    break;
                default:
                    throw new InvalidOperationException($"Recurring job {id} has no registration.");
            }
        }

        return Task.CompletedTask;
    }
}
