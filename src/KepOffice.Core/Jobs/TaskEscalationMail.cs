using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Certificates;
using KepOffice.Core.Identity;
using KepOffice.Workflows;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Jobs;

/// <summary>Tells the escalation role (managers by default) about overdue tasks, once per task and person.</summary>
public sealed class TaskEscalationMail(KepOfficeDbContext db, UserManager<KepOfficeUser> users, EmailOutbox outbox, IOptions<PkiHostOptions> pki)
{
    public async Task<int> SendAsync(IReadOnlyList<EscalatedHumanTask> tasks, CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var group in tasks.GroupBy(t => t.EscalationRole ?? Roles.Manager))
        {
            var recipients = (await users.GetUsersInRoleAsync(group.Key)).Where(u => u.IsActive && !string.IsNullOrWhiteSpace(u.Email)).ToList();
            foreach (var task in group)
            {
                foreach (var recipient in recipients)
                {
                    var model = new StaffAlertEmail(StaffAlertKind.Escalation, task.CorrelationId, null, task.Title, task.DueAt,
                        new Uri($"{pki.Value.PublicUrl.TrimEnd('/')}/tasks/{task.TaskId}"));
                    var added = await outbox.EnqueueAsync(new OutgoingEmail(recipient.Email!, EmailTemplateIds.StaffAlert, model)
                    {
                        Correlation = task.CorrelationId,
                        DedupeKey = $"escalation:{task.TaskId:N}:{recipient.Id}",
                    }, cancellationToken);
                    queued += added is null ? 0 : 1;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }
}
