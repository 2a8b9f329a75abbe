using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using static KepOffice.Workflows.Definitions.WorkflowDefinitionService;

namespace KepOffice.Workflows.Runtime;

/// <summary>An unfinished instance that a manager may consider moving to another version.</summary>
/// <param name="InstanceId">Instance id.</param>
/// <param name="Version">The version it is on.</param>
/// <param name="CorrelationId">Correlation id (e.g. application number).</param>
/// <param name="Status">Status.</param>
/// <param name="CreatedAt">Start time.</param>
/// <param name="WaitingIn">Activities it waits in (open bookmarks).</param>
/// <param name="Blocker">Why it cannot move to the version asked about, or null when it can.</param>
public sealed record WorkflowMigrationCandidate(
    Guid InstanceId, int Version, string? CorrelationId, WorkflowStatus Status, DateTimeOffset CreatedAt,
    IReadOnlyList<string> WaitingIn, string? Blocker);

/// <summary>
/// Moves chosen unfinished instances of a definition from one version to a published one. An instance moves only when
/// every activity it waits in, has queued or keeps state for still exists in the target version with the same type;
/// otherwise it is refused with a reason naming the activity. Each move runs under the instance's lock, bumps its
/// concurrency token and writes a journal row (<see cref="JournalActivityType"/>) in the same transaction.
/// </summary>
public sealed class WorkflowMigrationService
{
    /// <summary>Activity id written on the journal row of a migration (it belongs to no activity).</summary>
    public const string JournalActivityId = "$version";

    /// <summary>Activity type written on the journal row of a migration; its outcome reads <c>1 → 2</c>.</summary>
    public const string JournalActivityType = "VersionMigration";

    private const int MaxInstancesPerRequest = 500;

    private readonly WorkflowEngine _engine;
    private readonly WorkflowTransactions _transactions;
    private readonly DefinitionGraphCache _graphs;
    private readonly WorkflowsOptions _options;

    internal WorkflowMigrationService(WorkflowEngine engine, WorkflowTransactions transactions, DefinitionGraphCache graphs, WorkflowsOptions options)
    {
        _engine = engine;
        _transactions = transactions;
        _graphs = graphs;
        _options = options;
    }

    /// <summary>
    /// Unfinished instances of the definition on versions other than <paramref name="toVersion"/> (at most 500, oldest
    /// first), each with what it waits in and, when <paramref name="toVersion"/> is published, why it could not move there.
    /// </summary>
    public Task<IReadOnlyList<WorkflowMigrationCandidate>> ListCandidatesAsync(string definitionId, int toVersion, CancellationToken ct = default) =>
        _transactions.ReadAsync<IReadOnlyList<WorkflowMigrationCandidate>>(async db =>
        {
            var target = await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == toVersion, ct)
                ?? throw new WorkflowNotFoundException($"Версия {toVersion} процесса «{definitionId}» не найдена.");
            var targetGraph = target.State == DefinitionState.Published ? _graphs.Add(target.Id, target.ContentJson) : null;
            var rows = await (from i in db.Instances.AsNoTracking()
                              join s in db.States.AsNoTracking() on i.Id equals s.InstanceId
                              where i.DefinitionId == definitionId && i.DefinitionVersion != toVersion
                                  && i.Status != WorkflowStatus.Finished && i.Status != WorkflowStatus.Cancelled
                              orderby i.CreatedAt
                              select new { Instance = i, s.StateJson }).Take(MaxInstancesPerRequest).ToListAsync(ct);
            var result = new List<WorkflowMigrationCandidate>(rows.Count);
            foreach (var row in rows)
            {
                var state = InstanceState.FromJson(row.StateJson);
                var source = await GraphAsync(db, row.Instance.DefinitionVersionId, ct);
                var blocker = targetGraph is null
                    ? $"Версия {toVersion} не опубликована; переносить можно только на опубликованную версию."
                    : FindBlocker(row.Instance, state, source, targetGraph, toVersion);
                result.Add(new WorkflowMigrationCandidate(
                    row.Instance.Id, row.Instance.DefinitionVersion, row.Instance.CorrelationId, row.Instance.Status, Utc(row.Instance.CreatedAt),
                    state.Bookmarks.Select(b => b.ActivityId).Distinct(StringComparer.Ordinal).ToList(), blocker));
            }

            return result;
        }, ct);

    /// <summary>
    /// Moves the chosen instances from <see cref="WorkflowMigrationRequest.FromVersion"/> to the published
    /// <see cref="WorkflowMigrationRequest.ToVersion"/>; one result per distinct instance id, in request order. Supervisor role only.
    /// </summary>
    public async Task<IReadOnlyList<WorkflowMigrationResult>> MigrateAsync(WorkflowMigrationRequest request, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HasRole(_options.SupervisorRole))
        {
            throw new WorkflowForbiddenException($"Недостаточно прав: требуется роль «{_options.SupervisorRole}».");
        }

        var definitionId = request.DefinitionId?.Trim();
        var ids = (request.InstanceIds ?? []).Distinct().ToList();
        var errors = new List<WorkflowValidationError>();
        if (string.IsNullOrEmpty(definitionId))
        {
            errors.Add(new(null, "definitionId", "Укажите идентификатор процесса."));
        }

        if (request.FromVersion == request.ToVersion)
        {
            errors.Add(new(null, "toVersion", "Версия назначения совпадает с исходной."));
        }

        if (ids.Count == 0 || ids.Count > MaxInstancesPerRequest)
        {
            errors.Add(new(null, "instanceIds", $"Выберите от 1 до {MaxInstancesPerRequest} экземпляров."));
        }

        if (errors.Count > 0)
        {
            throw new WorkflowValidationException(errors);
        }

        var (targetId, targetGraph) = await _transactions.ReadAsync(async db =>
        {
            var versions = await db.Definitions.AsNoTracking()
                .Where(d => d.DefinitionId == definitionId && (d.Version == request.FromVersion || d.Version == request.ToVersion))
                .ToListAsync(ct);
            if (versions.All(v => v.Version != request.FromVersion))
            {
                throw new WorkflowNotFoundException($"Версия {request.FromVersion} процесса «{definitionId}» не найдена.");
            }

            var target = versions.FirstOrDefault(v => v.Version == request.ToVersion)
                ?? throw new WorkflowNotFoundException($"Версия {request.ToVersion} процесса «{definitionId}» не найдена.");
            if (target.State != DefinitionState.Published)
            {
                throw new WorkflowConflictException(
                    $"Версия {request.ToVersion} процесса «{definitionId}» не опубликована; переносить экземпляры можно только на опубликованную версию.");
            }

            return (target.Id, _graphs.Add(target.Id, target.ContentJson));
        }, ct);

        var results = new List<WorkflowMigrationResult>(ids.Count);
        foreach (var id in ids)
        {
            try
            {
                var reason = await _engine.InInstanceAsync(id, session => Task.FromResult(
                    Migrate(session, definitionId!, request.FromVersion, request.ToVersion, targetId, targetGraph, actor)), ct);
                results.Add(new WorkflowMigrationResult(id, reason is null, reason));
            }
            catch (WorkflowNotFoundException)
            {
                results.Add(new WorkflowMigrationResult(id, false, "Экземпляр процесса не найден."));
            }
        }

        return results;
    }

    private string? Migrate(InstanceSession session, string definitionId, int from, int to, Guid targetId, DefinitionGraph target, WorkflowActor actor)
    {
        var instance = session.Instance;
        if (instance.DefinitionId != definitionId)
        {
            return $"Экземпляр относится к процессу «{instance.DefinitionId}», а не «{definitionId}».";
        }

        if (instance.DefinitionVersion != from)
        {
            return $"Экземпляр идёт по версии {instance.DefinitionVersion}, а не {from}.";
        }

        if (FindBlocker(instance, session.State, session.Graph, target, to) is { } blocker)
        {
            return blocker;
        }

        var now = _engine.UtcNow;
        instance.DefinitionVersion = to;
        instance.DefinitionVersionId = targetId;
        instance.UpdatedAt = now;
        instance.Version++;
        session.Db.Journal.Add(new JournalRecord
        {
            Id = Guid.NewGuid(),
            InstanceId = instance.Id,
            Sequence = ++instance.JournalCount,
            ActivityId = JournalActivityId,
            ActivityType = JournalActivityType,
            Status = JournalStatus.Completed,
            Outcome = $"{from} → {to}",
            StartedAt = now,
            FinishedAt = now,
            ActorId = actor.UserId,
            Attempt = 1,
        });
        return null;
    }

    /// <summary>Why the instance cannot continue on <paramref name="target"/>, or null.</summary>
    private static string? FindBlocker(InstanceRecord instance, InstanceState state, DefinitionGraph source, DefinitionGraph target, int toVersion)
    {
        switch (instance.Status)
        {
            case WorkflowStatus.Finished:
            case WorkflowStatus.Cancelled:
                return "Экземпляр уже завершён или отменён.";
            case WorkflowStatus.Running:
                return "Экземпляр сейчас выполняется; повторите перенос, когда он остановится в ожидании.";
            case WorkflowStatus.Suspended:
            case WorkflowStatus.Faulted:
                break;
        }

        var waiting = state.Bookmarks.Select(b => b.ActivityId)
            .Concat(state.Queue.Select(i => i.ActivityId))
            .Concat(state.FaultedItem is { } faulted ? [faulted.ActivityId] : [])
            .Distinct(StringComparer.Ordinal);
        foreach (var activityId in waiting)
        {
            if (Compare(activityId, source, target, toVersion) is { } reason)
            {
                return reason;
            }
        }

        // Join arrivals are counted against the join's incoming connections: they must be the same in the target.
        foreach (var activityId in state.ActivityStates.Where(p => p.Value is not null).Select(p => p.Key))
        {
            if (Compare(activityId, source, target, toVersion) is { } reason)
            {
                return reason;
            }

            if (!source.IncomingSources(activityId).Order(StringComparer.Ordinal).SequenceEqual(target.IncomingSources(activityId).Order(StringComparer.Ordinal)))
            {
                return $"У шага {Name(source, activityId)} в версии {toVersion} другие входящие связи, а экземпляр уже собрал на нём часть веток.";
            }
        }

        return null;
    }

    private static string? Compare(string activityId, DefinitionGraph source, DefinitionGraph target, int toVersion)
    {
        if (!target.Activities.TryGetValue(activityId, out var after))
        {
            return $"Шага {Name(source, activityId)}, в котором ждёт экземпляр, нет в версии {toVersion}.";
        }

        var type = source.Activities.TryGetValue(activityId, out var before) ? before.Type : null;
        return type is not null && !string.Equals(type, after.Type, StringComparison.Ordinal)
            ? $"Шаг {Name(source, activityId)} в версии {toVersion} имеет тип {after.Type} вместо {type}."
            : null;
    }

    private static string Name(DefinitionGraph graph, string activityId) =>
        graph.Activities.TryGetValue(activityId, out var activity) && !string.IsNullOrWhiteSpace(activity.DisplayName) && activity.DisplayName != activityId
            ? $"«{activity.DisplayName}» ({activityId})"
            : $"«{activityId}»";

    private async Task<DefinitionGraph> GraphAsync(WorkflowDb db, Guid versionId, CancellationToken ct)
    {
        if (_graphs.TryGet(versionId, out var graph))
        {
            return graph;
        }

        var json = await db.Definitions.Where(d => d.Id == versionId).Select(d => d.ContentJson).FirstAsync(ct);
        return _graphs.Add(versionId, json);
    }
}
