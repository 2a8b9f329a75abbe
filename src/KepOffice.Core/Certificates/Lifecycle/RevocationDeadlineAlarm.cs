using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Identity;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Certificates.Lifecycle;

public sealed record RevocationAlarmRunResult(int Requests, int Queued);

/// <summary>
/// A termination must reach the register within 12 hours of the request (63-ФЗ art. 14). Every open
/// kep-revocation request older than <see cref="LifecycleOptions.RevocationAlarmAfterHours"/> whose
/// certificate is still in force alarms each active manager, once per request and manager (the
/// outbox's dedupe key), whatever retries or nodes do. It reads the instances' own start time, so
/// it watches holder and staff requests alike, whatever shape the managers give the workflow.
/// </summary>
public sealed class RevocationDeadlineAlarm(
    KepOfficeDbContext db,
    WorkflowInstanceService instances,
    UserManager<KepOfficeUser> users,
    EmailOutbox outbox,
    IOptions<LifecycleOptions> options,
    IOptions<PkiHostOptions> pki,
    TimeProvider time,
    ILogger<RevocationDeadlineAlarm> logger)
{
    /// <summary>The workflow whose instances are revocation requests.</summary>
    public const string WorkflowId = "kep-revocation";

    public async Task<RevocationAlarmRunResult> AlarmAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var alarmAt = TimeSpan.FromHours(options.Value.RevocationAlarmAfterHours);
        var deadline = TimeSpan.FromHours(options.Value.RevocationDeadlineHours);
        var due = new List<WorkflowInstanceSummary>();
        foreach (var status in new[] { WorkflowStatus.Running, WorkflowStatus.Suspended, WorkflowStatus.Faulted })
        {
            // Open requests are few (each is a certificate waiting to be revoked), so paging by the list query is enough.
            for (var skip = 0; ; skip += 500)
            {
                var page = await instances.ListAsync(new WorkflowInstanceQuery { DefinitionId = WorkflowId, Status = status, Skip = skip, Take = 500 }, cancellationToken);
                due.AddRange(page.Items.Where(i => i.CreatedAt + alarmAt <= now && i.CorrelationId is not null));
                if (page.Items.Count < 500)
                {
                    break;
                }
            }
        }

        if (due.Count == 0)
        {
            return new RevocationAlarmRunResult(0, 0);
        }

        var serials = due.Select(i => i.CorrelationId!.ToUpperInvariant()).Distinct().ToList();
        var inForce = await db.Set<CertificateRecord>().AsNoTracking()
            .Where(c => serials.Contains(c.SerialHex) && (c.Status == CertificateStatus.Valid || c.Status == CertificateStatus.Suspended))
            .Select(c => c.SerialHex).ToListAsync(cancellationToken);
        var pending = due.Where(i => inForce.Contains(i.CorrelationId!.ToUpperInvariant())).ToList();
        if (pending.Count == 0)
        {
            return new RevocationAlarmRunResult(0, 0);
        }

        var managers = (await users.GetUsersInRoleAsync(Roles.Manager)).Where(u => u.IsActive && !string.IsNullOrWhiteSpace(u.Email)).ToList();
        var queued = 0;
        foreach (var request in pending)
        {
            var serial = request.CorrelationId!.ToUpperInvariant();
            foreach (var manager in managers)
            {
                var model = new StaffAlertEmail(StaffAlertKind.RevocationDeadline, null, serial, "Отзыв сертификата", request.CreatedAt + deadline,
                    new Uri($"{pki.Value.PublicUrl.TrimEnd('/')}/tasks"));
                var added = await outbox.EnqueueAsync(new OutgoingEmail(manager.Email!, EmailTemplateIds.StaffAlert, model)
                {
                    Correlation = $"certificate:{serial}",
                    DedupeKey = DedupeKey(request.Id, manager.Id),
                }, cancellationToken);
                queued += added is null ? 0 : 1;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (LifecycleMail.IsRace(e))
        {
            // Another node queued the same alarms first: they exist once, which is all that matters.
            logger.LogInformation("Revocation deadline alarm: a concurrent run queued the alarms first");
            return new RevocationAlarmRunResult(pending.Count, 0);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        if (queued > 0)
        {
            logger.LogWarning("Revocation deadline: {Requests} requests still open near their 12-hour deadline; {Queued} alarms queued for managers", pending.Count, queued);
        }

        return new RevocationAlarmRunResult(pending.Count, queued);
    }

    internal static string DedupeKey(Guid instanceId, string userId) => $"revocation-deadline:{instanceId:N}:{userId}";
}
