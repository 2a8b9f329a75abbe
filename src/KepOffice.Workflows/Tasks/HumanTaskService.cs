using System.Text.Json;
using System.Text.Json.Nodes;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Persistence;
using KepOffice.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static KepOffice.Workflows.Definitions.WorkflowDefinitionService;

namespace KepOffice.Workflows.Tasks;

/// <summary>The operators' inbox: list, claim, unclaim, reassign and complete human tasks.</summary>
public sealed class HumanTaskService
{
    private readonly WorkflowEngine _engine;
    private readonly WorkflowTransactions _transactions;
    private readonly WorkflowsOptions _options;

    internal HumanTaskService(WorkflowEngine engine, WorkflowTransactions transactions, WorkflowsOptions options)
    {
        _engine = engine;
        _transactions = transactions;
        _options = options;
    }

    /// <summary>Tasks visible to <paramref name="actor"/>: assigned to or claimed by them, or in one of their roles.</summary>
    public Task<PagedResult<HumanTaskView>> ListAsync(HumanTaskQuery query, WorkflowActor actor, CancellationToken ct = default) =>
        _transactions.ReadAsync(async db =>
        {
            var now = _engine.UtcNow;
            var roles = actor.Roles.ToList();
            var userId = actor.UserId;
            var q = db.Tasks.AsNoTracking();
            if (!query.IncludeClosed)
            {
                q = q.Where(t => t.Status == HumanTaskStatus.Open);
            }

            q = query.Scope switch
            {
                HumanTaskScope.AssignedToMe => q.Where(t => t.AssigneeId == userId || t.ClaimedBy == userId),
                HumanTaskScope.UnassignedInMyRoles => q.Where(t => t.AssigneeId == null && t.ClaimedBy == null && t.Role != null && roles.Contains(t.Role)),
                HumanTaskScope.All => q.Where(t => t.AssigneeId == userId || t.ClaimedBy == userId || (t.Role != null && roles.Contains(t.Role))),
                HumanTaskScope.AllQueues when actor.HasRole(_options.SupervisorRole) => q,
                HumanTaskScope.AllQueues => throw new WorkflowForbiddenException($"Недостаточно прав: требуется роль «{_options.SupervisorRole}»."),
                _ => throw new ArgumentOutOfRangeException(nameof(query)),
            };
            if (query.OverdueOnly)
            {
                q = q.Where(t => t.Status == HumanTaskStatus.Open && t.DueAt != null && t.DueAt < now);
            }

            if (query.InstanceId is { } instanceId)
            {
                q = q.Where(t => t.InstanceId == instanceId);
            }

            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var search = query.Search.Trim().ToLowerInvariant();
                q = q.Where(t => t.SearchText.Contains(search));
            }

            var take = Math.Clamp(query.Take, 1, 500);
            var skip = Math.Max(0, query.Skip);
            var total = await q.CountAsync(ct);
            var page = await q.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id).Skip(skip).Take(take).ToListAsync(ct);
            return new PagedResult<HumanTaskView>(page.Select(t => ToView(t, now)).ToList(), total, skip, take);
        }, ct);

    /// <summary>One task.</summary>
    public Task<HumanTaskView> GetAsync(Guid taskId, CancellationToken ct = default) =>
        _transactions.ReadAsync(async db => ToView(await FindAsync(db, taskId, ct), _engine.UtcNow), ct);

    /// <summary>Takes the task into work; only a holder of its role (or its assignee) may, and only while nobody else holds it.</summary>
    public Task<HumanTaskView> ClaimAsync(Guid taskId, WorkflowActor actor, CancellationToken ct = default) =>
        UpdateAsync(taskId, task =>
        {
            RequireOpen(task);
            RequireWorker(task, actor);
            if (task.ClaimedBy is not null && task.ClaimedBy != actor.UserId)
            {
                throw new WorkflowConflictException("Задача уже взята в работу другим сотрудником.");
            }

            task.ClaimedBy = actor.UserId;
        }, ct);

    /// <summary>Returns a claimed task to the queue; by the claimer or a supervisor.</summary>
    public Task<HumanTaskView> UnclaimAsync(Guid taskId, WorkflowActor actor, CancellationToken ct = default) =>
        UpdateAsync(taskId, task =>
        {
            RequireOpen(task);
            if (task.ClaimedBy != actor.UserId && !actor.HasRole(_options.SupervisorRole))
            {
                throw new WorkflowForbiddenException("Вернуть в очередь может только взявший задачу сотрудник или руководитель.");
            }

            task.ClaimedBy = null;
        }, ct);

    /// <summary>Assigns the task to another user (null: to the role); by a supervisor or a holder of the task's role.</summary>
    public Task<HumanTaskView> ReassignAsync(Guid taskId, string? assigneeId, WorkflowActor actor, CancellationToken ct = default) =>
        UpdateAsync(taskId, task =>
        {
            RequireOpen(task);
            if (!actor.HasRole(_options.SupervisorRole) && !actor.HasRole(task.Role))
            {
                throw new WorkflowForbiddenException(ForbiddenMessage(task));
            }

            task.AssigneeId = string.IsNullOrWhiteSpace(assigneeId) ? null : assigneeId;
            task.ClaimedBy = null;
        }, ct);

    /// <summary>
    /// Completes the task once: the user must hold the task's role, the outcome must be allowed and required fields
    /// filled. Declared form fields become workflow variables; the outcome drives the flowchart.
    /// </summary>
    public Task<HumanTaskView> CompleteAsync(Guid taskId, CompleteHumanTaskRequest request, WorkflowActor actor, CancellationToken ct = default) =>
        CompleteAsync(taskId, request, actor, null, ct);

    /// <summary>
    /// Completes the task like <see cref="CompleteAsync(Guid, CompleteHumanTaskRequest, WorkflowActor, CancellationToken)"/>, and runs
    /// <paramref name="beforeComplete"/> inside the same transaction once the task is known to be open, the actor allowed and the
    /// outcome valid: what it changes in the scope's DbContext commits with the completion, and an exception from it changes nothing.
    /// Use it for work whose secret inputs must not become task data or workflow variables. It may run again when the
    /// transaction is retried; only the committed run counts.
    /// </summary>
    public async Task<HumanTaskView> CompleteAsync(
        Guid taskId, CompleteHumanTaskRequest request, WorkflowActor actor, Func<HumanTaskCompletionContext, Task>? beforeComplete, CancellationToken ct = default)
    {
        var instanceId = Guid.Empty;
        var (view, more) = await _engine.InTaskInstanceAsync(taskId, id => instanceId = id, async session =>
        {
            var task = await FindAsync(session.Db, taskId, ct);
            RequireOpen(task);
            RequireWorker(task, actor);
            if (task.ClaimedBy is not null && task.ClaimedBy != actor.UserId)
            {
                throw new WorkflowConflictException("Задача взята в работу другим сотрудником.");
            }

            var fields = JsonSerializer.Deserialize<List<HumanTaskFormField>>(task.FormFieldsJson, WorkflowJson.Compact) ?? [];
            ValidateCompletion(task, fields, request);
            var bookmark = (task.BookmarkId is { } bookmarkId ? await session.Db.Bookmarks.FindAsync([bookmarkId], ct) : null)
                ?? throw new WorkflowConflictException("Задача уже выполнена.");
            if (beforeComplete is not null)
            {
                await beforeComplete(new HumanTaskCompletionContext(
                    ToView(task, _engine.UtcNow), (JsonObject)session.State.Variables.DeepClone(), session.Services, ct));
            }

            foreach (var field in fields)
            {
                if (request.Data is { } data && data.TryGetPropertyValue(field.Name, out var value))
                {
                    session.State.Variables[field.Name] = value?.DeepClone();
                }
            }

            var now = _engine.UtcNow;
            task.Status = HumanTaskStatus.Completed;
            task.CompletedAt = now;
            task.CompletedBy = actor.UserId;
            task.Outcome = request.Outcome;
            task.Version++;
            _engine.QueueResume(session, bookmark, null, request.Outcome, actor.UserId);
            var more = await _engine.DrainAndFinishAsync(session, ct);
            return (ToView(task, now), more);
        }, db => PreloadForCompletionAsync(db, taskId, ct), ct);
        if (more)
        {
            await _engine.ContinueAsync(instanceId, ct);
        }

        return view;
    }

    private static void ValidateCompletion(TaskRecord task, List<HumanTaskFormField> fields, CompleteHumanTaskRequest request)
    {
        var errors = new List<WorkflowValidationError>();
        var outcomes = JsonSerializer.Deserialize<List<string>>(task.OutcomesJson, WorkflowJson.Compact) ?? [];
        if (!outcomes.Contains(request.Outcome, StringComparer.Ordinal))
        {
            errors.Add(new(task.ActivityId, "outcome", $"Недопустимый вариант решения «{request.Outcome}». Допустимы: {string.Join(", ", outcomes)}."));
        }

        foreach (var field in fields.Where(f => f.Required))
        {
            var value = request.Data?[field.Name];
            var empty = value is null
                || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetValue<string>()));
            if (empty)
            {
                errors.Add(new(task.ActivityId, "data." + field.Name, $"Не заполнено обязательное поле «{field.Label}»."));
            }
        }

        if (errors.Count > 0)
        {
            throw new WorkflowValidationException(errors);
        }
    }

    private async Task<HumanTaskView> UpdateAsync(Guid taskId, Action<TaskRecord> change, CancellationToken ct)
    {
        var instanceId = await _transactions.ReadAsync(async db => (await FindAsync(db, taskId, ct)).InstanceId, ct);
        return await _transactions.RunAsync(WorkflowTransactions.InstanceKey(instanceId), async (db, _) =>
        {
            var task = await FindAsync(db, taskId, ct);
            change(task);
            task.Version++;
            return ToView(task, _engine.UtcNow);
        }, ct);
    }

    private static async Task<TaskRecord> FindAsync(WorkflowDb db, Guid taskId, CancellationToken ct) =>
        await db.Tasks.FindAsync([taskId], ct) ?? throw new WorkflowNotFoundException("Задача не найдена.");

    /// <summary>
    /// Brings the task, its instance and state, its bookmark and the bookmark's journal row into the change tracker in one
    /// query (the lock is already held), so completing a task costs four round trips: lock, this load, save and commit.
    /// </summary>
    private static Task PreloadForCompletionAsync(WorkflowDb db, Guid taskId, CancellationToken ct) =>
        (from t in db.Tasks
         join i in db.Instances on t.InstanceId equals i.Id
         join s in db.States on t.InstanceId equals s.InstanceId
         join b in db.Bookmarks on t.BookmarkId equals (Guid?)b.Id into bookmarks
         from b in bookmarks.DefaultIfEmpty()
         join j in db.Journal on b.JournalId equals (Guid?)j.Id into journal
         from j in journal.DefaultIfEmpty()
         where t.Id == taskId
         select new { t, i, s, b, j }).FirstOrDefaultAsync(ct);

    private static void RequireOpen(TaskRecord task)
    {
        switch (task.Status)
        {
            case HumanTaskStatus.Open:
                return;
            case HumanTaskStatus.Completed:
                throw new WorkflowConflictException("Задача уже выполнена.");
            case HumanTaskStatus.Cancelled:
                throw new WorkflowConflictException("Задача отменена.");
            default:
                throw new ArgumentOutOfRangeException(nameof(task));
        }
    }

    private static void RequireWorker(TaskRecord task, WorkflowActor actor)
    {
        var allowed = task.Role is not null
            ? actor.HasRole(task.Role) && (task.AssigneeId is null || task.AssigneeId == actor.UserId)
            : task.AssigneeId == actor.UserId;
        if (!allowed)
        {
            throw new WorkflowForbiddenException(ForbiddenMessage(task));
        }

        if (task.ExcludedUserId is not null && task.ExcludedUserId == actor.UserId)
        {
            throw new WorkflowForbiddenException("Правило четырёх глаз: эту задачу выполняет другой сотрудник, не автор запроса.");
        }
    }

    private static string ForbiddenMessage(TaskRecord task) => task.AssigneeId is not null
        ? "Задача назначена другому сотруднику."
        : $"Недостаточно прав: для задачи требуется роль «{task.Role}».";

    internal static HumanTaskView ToView(TaskRecord t, DateTime now) => new(
        t.Id, t.InstanceId, t.DefinitionId, t.ActivityId, t.CorrelationId, t.Title, t.Description, t.Role, t.AssigneeId, t.ClaimedBy, t.Status,
        JsonSerializer.Deserialize<List<HumanTaskFormField>>(t.FormFieldsJson, WorkflowJson.Compact) ?? [],
        JsonSerializer.Deserialize<List<string>>(t.OutcomesJson, WorkflowJson.Compact) ?? [],
        Utc(t.DueAt), t.Status == HumanTaskStatus.Open && t.DueAt < now, t.EscalationRole, t.Escalated,
        Utc(t.CreatedAt), Utc(t.CompletedAt), t.CompletedBy, t.Outcome);
}

/// <summary>What <see cref="HumanTaskService.CompleteAsync(Guid, CompleteHumanTaskRequest, WorkflowActor, Func{HumanTaskCompletionContext, Task}?, CancellationToken)"/> gives its in-transaction work.</summary>
/// <param name="Task">The task being completed, as it was before completion.</param>
/// <param name="Variables">A copy of the instance's variables (changing it changes nothing).</param>
/// <param name="Services">The transaction's scope: its DbContext is the one that commits.</param>
/// <param name="CancellationToken">Cancels the work.</param>
public sealed record HumanTaskCompletionContext(HumanTaskView Task, JsonObject Variables, IServiceProvider Services, CancellationToken CancellationToken);
