using System.Text.Json.Nodes;
using KepOffice.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using static KepOffice.Workflows.Definitions.WorkflowDefinitionService;

namespace KepOffice.Workflows.Runtime;

/// <summary>Starts, inspects, cancels and retries workflow instances; resumes bookmarks by id.</summary>
public sealed class WorkflowInstanceService
{
    private readonly WorkflowEngine _engine;
    private readonly WorkflowTransactions _transactions;
    private readonly WorkflowsOptions _options;

    internal WorkflowInstanceService(WorkflowEngine engine, WorkflowTransactions transactions, WorkflowsOptions options)
    {
        _engine = engine;
        _transactions = transactions;
        _options = options;
    }

    /// <summary>
    /// Starts the published version (or <see cref="StartWorkflowRequest.Version"/>) and runs it until it waits or ends.
    /// With a correlation id, an active instance of the same definition is returned instead (correlated singleton).
    /// </summary>
    public async Task<WorkflowStartResult> StartAsync(string definitionId, StartWorkflowRequest request, WorkflowActor? actor = null, CancellationToken ct = default)
    {
        var (id, created) = await _engine.StartAsync(definitionId, request.Version, request.CorrelationId, request.Input, actor?.UserId, run: true, ct);
        var status = await _transactions.ReadAsync(db => db.Instances.Where(i => i.Id == id).Select(i => i.Status).FirstAsync(ct), ct);
        return new WorkflowStartResult(id, created, status);
    }

    /// <summary>An instance with its journal, incidents and open bookmarks (the state document is not loaded).</summary>
    public Task<WorkflowInstanceDetails> GetAsync(Guid instanceId, CancellationToken ct = default) =>
        _transactions.ReadAsync(async db =>
        {
            var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct)
                ?? throw new WorkflowNotFoundException("Экземпляр процесса не найден.");
            var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync(ct);
            var incidents = await db.Incidents.AsNoTracking().Where(i => i.InstanceId == instanceId).OrderBy(i => i.CreatedAt).ToListAsync(ct);
            var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId).OrderBy(b => b.CreatedAt).ToListAsync(ct);
            return new WorkflowInstanceDetails(
                ToSummary(instance),
                journal.Select(j => new WorkflowJournalEntry(j.Sequence, j.ActivityId, j.ActivityType, j.Status, j.Outcome, Utc(j.StartedAt), Utc(j.FinishedAt), j.ActorId, j.Attempt, j.ExceptionType)).ToList(),
                incidents.Select(i => new WorkflowIncident(i.Id, i.ActivityId, i.ActivityType, i.ExceptionType, i.Attempts, Utc(i.CreatedAt), Utc(i.ResolvedAt), i.ResolvedBy, i.Resolution)).ToList(),
                bookmarks.Select(b => new WorkflowBookmarkInfo(b.Id, b.ActivityId, b.Kind, b.Name, Utc(b.DueAt))).ToList());
        }, ct);

    /// <summary>A page of instances, newest first.</summary>
    public Task<PagedResult<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceQuery query, CancellationToken ct = default) =>
        _transactions.ReadAsync(async db =>
        {
            var q = db.Instances.AsNoTracking();
            if (query.DefinitionId is { } definitionId)
            {
                q = q.Where(i => i.DefinitionId == definitionId);
            }

            if (query.Status is { } status)
            {
                q = q.Where(i => i.Status == status);
            }

            if (query.CorrelationId is { } correlationId)
            {
                q = q.Where(i => i.CorrelationId == correlationId);
            }

            var take = Math.Clamp(query.Take, 1, 500);
            var skip = Math.Max(0, query.Skip);
            var total = await q.CountAsync(ct);
            var page = await q.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id).Skip(skip).Take(take).ToListAsync(ct);
            return new PagedResult<WorkflowInstanceSummary>(page.Select(ToSummary).ToList(), total, skip, take);
        }, ct);

    /// <summary>Cancels a running, suspended or faulted instance: bookmarks burnt, open tasks cancelled. Supervisor role only.</summary>
    public Task CancelAsync(Guid instanceId, WorkflowActor actor, CancellationToken ct = default)
    {
        RequireSupervisor(actor);
        return _engine.InInstanceAsync(instanceId, async session =>
        {
            if (session.Instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
            {
                throw new WorkflowConflictException("Экземпляр процесса уже завершён или отменён.");
            }

            await _engine.CancelActivitiesAsync(session, null, ct);
            session.State.FaultedItem = null;
            session.Instance.Status = WorkflowStatus.Cancelled;
            await ResolveIncidents(session, actor, "Cancelled", ct);
            _engine.Finish(session);
            return true;
        }, ct);
    }

    /// <summary>Re-runs the activity whose retries ran out (attempts start again at 1). Supervisor role only.</summary>
    public async Task RetryIncidentAsync(Guid instanceId, WorkflowActor actor, CancellationToken ct = default)
    {
        RequireSupervisor(actor);
        var more = await _engine.InInstanceAsync(instanceId, async session =>
        {
            if (session.Instance.Status != WorkflowStatus.Faulted || session.State.FaultedItem is not { } item)
            {
                throw new WorkflowConflictException("У экземпляра процесса нет инцидента для повтора.");
            }

            item.Attempt = 1;
            item.ActorId = actor.UserId;
            session.State.FaultedItem = null;
            session.State.Queue.Insert(0, item);
            session.State.ExecutedSinceWait = 0;
            session.Instance.Status = WorkflowStatus.Running;
            await ResolveIncidents(session, actor, "Retried", ct);
            return await _engine.DrainAndFinishAsync(session, ct);
        }, ct);
        if (more)
        {
            await _engine.ContinueAsync(instanceId, ct);
        }
    }

    /// <summary>Resumes a bookmark by id; throws <see cref="WorkflowConflictException"/> when it was already burnt.</summary>
    public async Task ResumeBookmarkAsync(Guid bookmarkId, JsonObject? input, WorkflowActor? actor = null, CancellationToken ct = default)
    {
        if (!await _engine.ResumeBookmarkAsync(bookmarkId, input, actor?.UserId, ct))
        {
            throw new WorkflowConflictException("Закладка уже использована или не существует.");
        }
    }

    private void RequireSupervisor(WorkflowActor actor)
    {
        if (!actor.HasRole(_options.SupervisorRole))
        {
            throw new WorkflowForbiddenException($"Недостаточно прав: требуется роль «{_options.SupervisorRole}».");
        }
    }

    private async Task ResolveIncidents(InstanceSession session, WorkflowActor actor, string resolution, CancellationToken ct)
    {
        var now = _engine.UtcNow;
        foreach (var incident in await session.Db.Incidents.Where(i => i.InstanceId == session.Instance.Id && i.ResolvedAt == null).ToListAsync(ct))
        {
            incident.ResolvedAt = now;
            incident.ResolvedBy = actor.UserId;
            incident.Resolution = resolution;
        }
    }

    internal static WorkflowInstanceSummary ToSummary(InstanceRecord i) => new(
        i.Id, i.DefinitionId, i.DefinitionVersion, i.CorrelationId, i.Status, Utc(i.CreatedAt), Utc(i.UpdatedAt), Utc(i.FinishedAt), i.StartedBy);
}
