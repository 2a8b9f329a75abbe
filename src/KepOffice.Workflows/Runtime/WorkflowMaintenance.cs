using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Persistence;
using KepOffice.Workflows.Tasks;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Workflows.Runtime;

/// <summary>
/// Work the host's recurring jobs (Hangfire) call. Every method is safe to re-run and to run on several nodes at once:
/// each item is handled in its own locked transaction and skipped when someone else got there first.
/// </summary>
public sealed class WorkflowMaintenance
{
    private const int BatchSize = 200;
    private readonly WorkflowEngine _engine;
    private readonly WorkflowTransactions _transactions;
    private readonly WorkflowsOptions _options;

    internal WorkflowMaintenance(WorkflowEngine engine, WorkflowTransactions transactions, WorkflowsOptions options)
    {
        _options = options;
        _engine = engine;
        _transactions = transactions;
    }

    /// <summary>Resumes timer bookmarks (Delay, Timer, retry back-off) that are due; returns how many were resumed.</summary>
    public async Task<int> ResumeDueTimersAsync(CancellationToken ct = default)
    {
        var resumed = 0;
        var seen = new HashSet<Guid>();
        while (true)
        {
            var now = _engine.UtcNow;
            var due = await _transactions.ReadAsync(db =>
                (from b in db.Bookmarks
                 join i in db.Instances on b.InstanceId equals i.Id
                 where b.Kind == BookmarkKind.Timer && b.DueAt <= now
                       && (i.Status == WorkflowStatus.Suspended || i.Status == WorkflowStatus.Running)
                 orderby b.DueAt
                 select b.Id).Take(BatchSize).ToListAsync(ct), ct);
            due.RemoveAll(id => !seen.Add(id));
            if (due.Count == 0)
            {
                return resumed;
            }

            foreach (var id in due)
            {
                try
                {
                    if (await _engine.ResumeBookmarkAsync(id, null, null, ct))
                    {
                        resumed++;
                    }
                }
                catch (WorkflowConflictException)
                {
                    // Faulted or cancelled meanwhile.
                }
            }
        }
    }

    /// <summary>Continues instances left executing by a node whose lease expired (it died or hangs); returns how many.</summary>
    public async Task<int> RecoverStaleInstancesAsync(CancellationToken ct = default)
    {
        var now = _engine.UtcNow;
        var stale = await _transactions.ReadAsync(db => db.Instances
            .Where(i => i.Status == WorkflowStatus.Running && (i.LeaseExpiresAt == null || i.LeaseExpiresAt < now))
            .OrderBy(i => i.UpdatedAt)
            .Select(i => i.Id)
            .Take(BatchSize)
            .ToListAsync(ct), ct);
        var recovered = 0;
        foreach (var id in stale)
        {
            var taken = await _engine.InInstanceAsync(id, session =>
            {
                var instance = session.Instance;
                if (instance.Status != WorkflowStatus.Running || instance.LeaseExpiresAt >= _engine.UtcNow)
                {
                    return Task.FromResult(false);
                }

                // Take the lease over before running so that a recoverer on another node skips this instance.
                instance.LeaseOwner = _options.NodeId;
                instance.LeaseExpiresAt = _engine.UtcNow + _options.StaleInstanceTimeout;
                instance.Version++;
                return Task.FromResult(true);
            }, ct);
            if (taken)
            {
                await _engine.ContinueAsync(id, ct);
                recovered++;
            }
        }

        return recovered;
    }

    /// <summary>Flags open tasks past their due date (once each) and returns them so the host can notify the escalation role.</summary>
    public async Task<IReadOnlyList<EscalatedHumanTask>> EscalateOverdueTasksAsync(CancellationToken ct = default)
    {
        var now = _engine.UtcNow;
        var overdue = await _transactions.ReadAsync(db => db.Tasks
            .Where(t => t.Status == HumanTaskStatus.Open && !t.Escalated && t.DueAt != null && t.DueAt < now)
            .Select(t => new { t.Id, t.InstanceId })
            .Take(BatchSize * 5)
            .ToListAsync(ct), ct);
        var escalated = new List<EscalatedHumanTask>();
        foreach (var candidate in overdue)
        {
            var result = await _transactions.RunAsync(WorkflowTransactions.InstanceKey(candidate.InstanceId), async (db, _) =>
            {
                var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == candidate.Id, ct);
                if (task is not { Status: HumanTaskStatus.Open, Escalated: false })
                {
                    return null;
                }

                task.Escalated = true;
                task.EscalatedAt = now;
                task.Version++;
                return new EscalatedHumanTask(task.Id, task.InstanceId, task.DefinitionId, task.ActivityId, task.CorrelationId, task.Title,
                    task.EscalationRole, Definitions.WorkflowDefinitionService.Utc(task.DueAt!.Value));
            }, ct);
            if (result is not null)
            {
                escalated.Add(result);
            }
        }

        return escalated;
    }

    /// <summary>Deletes inbox stimuli past their expiry; returns how many.</summary>
    public Task<int> PurgeExpiredInboxAsync(CancellationToken ct = default)
    {
        var now = _engine.UtcNow;
        return _transactions.ReadAsync(db => db.Inbox.Where(i => i.ExpiresAt < now).ExecuteDeleteAsync(ct), ct);
    }
}
