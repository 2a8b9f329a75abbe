using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Identity;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Jobs;

/// <summary>
/// Tells the escalation role (managers by default) about overdue tasks, once per task and person. A task of a revocation
/// request is about a certificate, not an application: its message names the certificate's serial. Managers are not told
/// about a revocation task that falls due when (or after) <see cref="RevocationDeadlineAlarm"/> alarms them about the same
/// request: the alarm, which states the 12-hour deadline of the register entry, is the one message they get then.
/// </summary>
public sealed class TaskEscalationMail(
    KepOfficeDbContext db,
    UserManager<KepOfficeUser> users,
    EmailOutbox outbox,
    WorkflowInstanceService instances,
    IOptions<PkiHostOptions> pki,
    IOptions<LifecycleOptions> lifecycle)
{
    public async Task<int> SendAsync(IReadOnlyList<EscalatedHumanTask> tasks, CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var group in tasks.GroupBy(t => t.EscalationRole ?? Roles.Manager))
        {
            var recipients = (await users.GetUsersInRoleAsync(group.Key)).Where(u => u.IsActive && !string.IsNullOrWhiteSpace(u.Email)).ToList();
            foreach (var task in group)
            {
                var serial = task.DefinitionId == RevocationDeadlineAlarm.WorkflowId ? task.CorrelationId?.ToUpperInvariant() : null;
                if (serial is not null && group.Key == Roles.Manager && await DueWithTheDeadlineAlarmAsync(task, cancellationToken))
                {
                    continue;
                }

                foreach (var recipient in recipients)
                {
                    var model = serial is null
                        ? new StaffAlertEmail(StaffAlertKind.Escalation, task.CorrelationId, null, task.Title, task.DueAt, Link(task))
                        : new StaffAlertEmail(StaffAlertKind.Escalation, null, serial, task.Title, task.DueAt, Link(task));
                    var added = await outbox.EnqueueAsync(new OutgoingEmail(recipient.Email!, EmailTemplateIds.StaffAlert, model)
                    {
                        Correlation = serial is null ? task.CorrelationId : $"certificate:{serial}",
                        DedupeKey = $"escalation:{task.TaskId:N}:{recipient.Id}",
                    }, cancellationToken);
                    queued += added is null ? 0 : 1;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    private Uri Link(EscalatedHumanTask task) => new($"{pki.Value.PublicUrl.TrimEnd('/')}/tasks/{task.TaskId}");

    /// <summary>Whether the task fell due no earlier than the request's deadline alarm, which goes to the managers.</summary>
    private async Task<bool> DueWithTheDeadlineAlarmAsync(EscalatedHumanTask task, CancellationToken cancellationToken)
    {
        var request = await instances.GetAsync(task.InstanceId, cancellationToken);
        return task.DueAt >= request.Summary.CreatedAt + TimeSpan.FromHours(lifecycle.Value.RevocationAlarmAfterHours);
    }
}
