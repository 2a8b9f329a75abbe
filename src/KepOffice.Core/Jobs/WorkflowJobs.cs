using System.ComponentModel;
using Hangfire;
using KepOffice.Core.Applications;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace KepOffice.Core.Jobs;

/// <summary>The workflow runtime's periodic work. Each method checks state itself and is safe to re-run.</summary>
public sealed class WorkflowJobs(
    WorkflowMaintenance maintenance, TaskEscalationMail escalationMail, SubmitApplication applications, WorkflowsOptions options, ILogger<WorkflowJobs> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Таймеры процессов")]
    public async Task ResumeDueTimersAsync(CancellationToken cancellationToken)
    {
        var resumed = await maintenance.ResumeDueTimersAsync(cancellationToken);
        if (resumed > 0)
        {
            logger.LogInformation("Resumed {Count} due workflow timers", resumed);
        }
    }

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Подхват зависших процессов")]
    public async Task RecoverStaleInstancesAsync(CancellationToken cancellationToken)
    {
        var recovered = await maintenance.RecoverStaleInstancesAsync(cancellationToken);
        if (recovered > 0)
        {
            logger.LogWarning("Recovered {Count} workflow instances left executing by a stopped node", recovered);
        }

        // A node that stopped between saving an application and starting its process left it without one.
        var started = await applications.StartMissingWorkflowsAsync(options.StaleInstanceTimeout, cancellationToken);
        if (started > 0)
        {
            logger.LogWarning("Started the issuance process of {Count} applications saved without one by a stopped node", started);
        }
    }

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Эскалация просроченных задач")]
    public async Task EscalateOverdueTasksAsync(CancellationToken cancellationToken)
    {
        var escalated = await maintenance.EscalateOverdueTasksAsync(cancellationToken);
        if (escalated.Count > 0)
        {
            var messages = await escalationMail.SendAsync(escalated, cancellationToken);
            logger.LogInformation("Escalated {Count} overdue tasks, {Messages} alerts queued", escalated.Count, messages);
        }
    }

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Очистка входящих сигналов")]
    public Task PurgeInboxAsync(CancellationToken cancellationToken) => maintenance.PurgeExpiredInboxAsync(cancellationToken);
}
