using System.Text.Json;
using System.Text.Json.Nodes;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Activities.BuiltIn;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Expressions;
using KepOffice.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.Workflows.Runtime;

/// <summary>One instance loaded inside a transaction.</summary>
internal sealed class InstanceSession(WorkflowDb db, IServiceProvider services, InstanceRecord instance, InstanceStateRecord stateRecord, DefinitionGraph graph)
{
    public WorkflowDb Db { get; } = db;
    public IServiceProvider Services { get; } = services;
    public InstanceRecord Instance { get; } = instance;
    public InstanceStateRecord StateRecord { get; } = stateRecord;
    public InstanceState State { get; } = InstanceState.FromJson(stateRecord.StateJson);
    public DefinitionGraph Graph { get; } = graph;
}

/// <summary>
/// The scheduler: executes queued work items of an instance until every path waits on a bookmark or ends, and commits
/// state, bookmarks, tasks, journal and incidents in one transaction per step.
/// </summary>
internal sealed class WorkflowEngine(
    WorkflowTransactions transactions,
    ActivityRegistry registry,
    JavaScriptEvaluator evaluator,
    DefinitionGraphCache graphs,
    WorkflowsOptions options,
    TimeProvider time)
{
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Runs <paramref name="work"/> on the instance under its lock. <paramref name="preload"/>, when given, runs first inside
    /// the transaction and may bring the instance, its state and whatever else the work needs into the change tracker in one
    /// query, so that the loads after it cost no further round trip.
    /// </summary>
    public Task<T> InInstanceAsync<T>(Guid instanceId, Func<InstanceSession, Task<T>> work, CancellationToken ct, Func<WorkflowDb, Task>? preload = null) =>
        transactions.RunAsync(WorkflowTransactions.InstanceKey(instanceId), async (db, services) =>
        {
            if (preload is not null)
            {
                await preload(db);
            }

            var session = await LoadAsync(db, services, instanceId, ct);
            return await work(session);
        }, ct);

    /// <summary>
    /// Runs <paramref name="work"/> on the instance a human task belongs to, under that instance's lock (read in the same
    /// transaction where the database allows it); <paramref name="instanceFound"/> learns the instance id.
    /// </summary>
    public Task<T> InTaskInstanceAsync<T>(
        Guid taskId, Action<Guid> instanceFound, Func<InstanceSession, Task<T>> work, Func<WorkflowDb, Task> preload, CancellationToken ct)
    {
        var instanceId = Guid.Empty;
        string Found(Guid? id)
        {
            instanceId = id ?? throw new WorkflowNotFoundException("Задача не найдена.");
            instanceFound(instanceId);
            return WorkflowTransactions.InstanceKey(instanceId);
        }

        return transactions.RunAsync(
            async db => Found(await db.Tasks.Where(t => t.Id == taskId).Select(t => (Guid?)t.InstanceId).FirstOrDefaultAsync(ct)),
            async db => Found(await WorkflowTransactions.LockTaskInstanceAsync(db, taskId, ct)),
            async (db, services) =>
            {
                await preload(db);
                var session = await LoadAsync(db, services, instanceId, ct);
                return await work(session);
            },
            ct);
    }

    public async Task<InstanceSession> LoadAsync(WorkflowDb db, IServiceProvider services, Guid instanceId, CancellationToken ct)
    {
        var instance = db.Instances.Local.FindEntry(instanceId)?.Entity;
        var state = db.States.Local.FindEntry(instanceId)?.Entity;
        if (instance is null || state is null)
        {
            // One round trip for both rows.
            var loaded = await (from i in db.Instances
                                join s in db.States on i.Id equals s.InstanceId
                                where i.Id == instanceId
                                select new { Instance = i, State = s }).FirstOrDefaultAsync(ct)
                ?? throw new WorkflowNotFoundException("Экземпляр процесса не найден.");
            (instance, state) = (loaded.Instance, loaded.State);
        }

        var graph = await GetGraphAsync(db, instance.DefinitionVersionId, ct);
        return new InstanceSession(db, services, instance, state, graph);
    }

    public async Task<(Guid Id, bool Created)> StartAsync(
        string definitionId, int? version, string? correlationId, JsonObject? input, string? actorId, bool run, CancellationToken ct)
    {
        var correlationKey = correlationId is null ? null : definitionId + "|" + correlationId;
        var instanceId = Guid.NewGuid();
        var lockKey = correlationKey is null ? WorkflowTransactions.InstanceKey(instanceId) : "wf-correlation:" + correlationKey;
        (Guid Id, bool Created, bool More) result;
        try
        {
            result = await transactions.RunAsync(lockKey, async (db, services) =>
            {
                if (correlationKey is not null)
                {
                    var existing = await db.Instances.Where(i => i.ActiveCorrelationKey == correlationKey).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
                    if (existing is { } existingId)
                    {
                        return (existingId, false, false);
                    }
                }

                var definitions = db.Definitions.Where(d => d.DefinitionId == definitionId);
                var record = await (version is { } v
                        ? definitions.Where(d => d.Version == v && d.State != DefinitionState.Draft)
                        : definitions.Where(d => d.State == DefinitionState.Published))
                    .FirstOrDefaultAsync(ct)
                    ?? throw new WorkflowNotFoundException($"Опубликованная версия процесса «{definitionId}» не найдена.");
                var graph = graphs.TryGet(record.Id, out var cached) ? cached : graphs.Add(record.Id, record.ContentJson);
                var now = UtcNow;
                var instance = new InstanceRecord
                {
                    Id = instanceId,
                    DefinitionId = definitionId,
                    DefinitionVersion = record.Version,
                    DefinitionVersionId = record.Id,
                    CorrelationId = correlationId,
                    ActiveCorrelationKey = correlationKey,
                    Status = WorkflowStatus.Running,
                    StartedBy = actorId,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                var state = new InstanceState();
                foreach (var variable in graph.Model.Variables)
                {
                    state.Variables[variable.Name] = variable.Default?.DeepClone();
                }

                foreach (var (name, value) in input ?? [])
                {
                    state.Variables[name] = value?.DeepClone();
                }

                var start = graph.Model.Activities.First(a => a.Type == StartActivity.TypeName);
                state.Queue.Add(new WorkItem { ActivityId = start.Id, ActorId = actorId });
                var stateRecord = new InstanceStateRecord { InstanceId = instanceId, StateJson = state.ToJson() };
                db.Instances.Add(instance);
                db.States.Add(stateRecord);
                var session = new InstanceSession(db, services, instance, stateRecord, graph);
                var more = run ? await DrainAndFinishAsync(session, ct) : Finish(session);
                return (instanceId, true, more);
            }, ct);
        }
        catch (DbUpdateException) when (correlationKey is not null)
        {
            // Another node started the same correlated instance between our check and insert.
            var existing = await transactions.ReadAsync(db =>
                db.Instances.Where(i => i.ActiveCorrelationKey == correlationKey).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct), ct);
            if (existing is null)
            {
                throw;
            }

            return (existing.Value, false);
        }

        if (result.More && run)
        {
            await ContinueAsync(result.Id, ct);
        }

        return (result.Id, result.Created);
    }

    /// <summary>Runs queued work in further transactions until none is left (or another live node holds the lease).</summary>
    public async Task ContinueAsync(Guid instanceId, CancellationToken ct)
    {
        var more = true;
        while (more)
        {
            more = await InInstanceAsync(instanceId, async session =>
            {
                var instance = session.Instance;
                if (instance.Status != WorkflowStatus.Running || session.State.Queue.Count == 0)
                {
                    return false;
                }

                if (instance.LeaseOwner is not null && instance.LeaseOwner != options.NodeId && instance.LeaseExpiresAt > UtcNow)
                {
                    return false;
                }

                return await DrainAndFinishAsync(session, ct);
            }, ct);
        }
    }

    /// <summary>
    /// Burns the bookmark and queues its continuation; the caller drains and finishes. On a faulted instance the
    /// continuation waits in the queue until a manager retries the incident, so a user's work is not lost.
    /// </summary>
    public void QueueResume(InstanceSession session, BookmarkRecord bookmark, JsonObject? input, string? outcome, string? actorId)
    {
        EnsureResumable(session);
        session.Db.Bookmarks.Remove(bookmark);
        session.State.Bookmarks.RemoveAll(b => b.Id == bookmark.Id);
        if (bookmark.IsRetry)
        {
            session.State.Queue.Add(JsonSerializer.Deserialize<WorkItem>(bookmark.PayloadJson!, WorkflowJson.Compact)!);
        }
        else
        {
            session.State.Queue.Add(new WorkItem
            {
                ActivityId = bookmark.ActivityId,
                Kind = WorkItemKind.Resume,
                Bookmark = new ResumedBookmark(bookmark.Id, bookmark.Kind, bookmark.Name, ParseObject(bookmark.PayloadJson), input, outcome),
                JournalId = bookmark.JournalId,
                ActorId = actorId,
            });
        }

        if (session.Instance.Status != WorkflowStatus.Faulted)
        {
            session.Instance.Status = WorkflowStatus.Running;
        }

        session.State.ExecutedSinceWait = 0;
    }

    /// <summary>Resumes one bookmark; false when it is already burnt (someone else resumed it).</summary>
    public async Task<bool> ResumeBookmarkAsync(Guid bookmarkId, JsonObject? input, string? actorId, CancellationToken ct)
    {
        var instanceId = await transactions.ReadAsync(db =>
            db.Bookmarks.Where(b => b.Id == bookmarkId).Select(b => (Guid?)b.InstanceId).FirstOrDefaultAsync(ct), ct);
        if (instanceId is null)
        {
            return false;
        }

        var (resumed, more) = await InInstanceAsync(instanceId.Value, async session =>
        {
            var bookmark = await session.Db.Bookmarks.FirstOrDefaultAsync(b => b.Id == bookmarkId, ct);
            if (bookmark is null)
            {
                return (false, false);
            }

            QueueResume(session, bookmark, input, null, actorId);
            return (true, await DrainAndFinishAsync(session, ct));
        }, ct);
        if (more)
        {
            await ContinueAsync(instanceId.Value, ct);
        }

        return resumed;
    }

    public async Task<bool> DrainAndFinishAsync(InstanceSession session, CancellationToken ct)
    {
        var executed = 0;
        var state = session.State;
        session.Instance.LeaseOwner = options.NodeId;
        while (session.Instance.Status == WorkflowStatus.Running && state.Queue.Count > 0 && executed < options.MaxActivitiesPerTransaction)
        {
            var item = state.Queue[0];
            state.Queue.RemoveAt(0);
            executed++;
            if (++state.ExecutedSinceWait > options.MaxActivitiesWithoutWait)
            {
                state.ExecutedSinceWait = 0;
                var journal = NewJournal(session, item, session.Graph.Activities.GetValueOrDefault(item.ActivityId));
                Fault(session, item, journal, new RunawayWorkflowException(), retriable: false);
                break;
            }

            await ExecuteAsync(session, item, ct);
        }

        return Finish(session);
    }

    /// <summary>Derives the status, renews or releases the lease, bumps the concurrency token and writes the state.</summary>
    public bool Finish(InstanceSession session)
    {
        var instance = session.Instance;
        var state = session.State;
        var now = UtcNow;
        var more = false;
        if (instance.Status is WorkflowStatus.Running or WorkflowStatus.Suspended)
        {
            if (state.Queue.Count > 0)
            {
                instance.Status = WorkflowStatus.Running;
                more = true;
            }
            else if (state.Bookmarks.Count > 0)
            {
                instance.Status = WorkflowStatus.Suspended;
            }
            else
            {
                instance.Status = WorkflowStatus.Finished;
            }
        }

        if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
        {
            instance.FinishedAt ??= now;
            instance.ActiveCorrelationKey = null;
        }

        instance.LeaseOwner = more ? options.NodeId : null;
        instance.LeaseExpiresAt = more ? now + options.StaleInstanceTimeout : null;
        instance.UpdatedAt = now;
        instance.Version++;
        session.StateRecord.StateJson = state.ToJson();
        return more;
    }

    /// <summary>Cancels bookmarks (and their tasks and journal rows) and queued work of the given activities; null means all.</summary>
    public async Task CancelActivitiesAsync(InstanceSession session, IReadOnlySet<string>? activityIds, CancellationToken ct)
    {
        var now = UtcNow;
        session.State.Queue.RemoveAll(i => activityIds is null || activityIds.Contains(i.ActivityId));
        foreach (var reference in session.State.Bookmarks.Where(b => activityIds is null || activityIds.Contains(b.ActivityId)).ToList())
        {
            session.State.Bookmarks.Remove(reference);
            if (await session.Db.Bookmarks.FindAsync([reference.Id], ct) is { } bookmark)
            {
                session.Db.Bookmarks.Remove(bookmark);
                if (bookmark.JournalId is { } journalId && await session.Db.Journal.FindAsync([journalId], ct) is { Status: JournalStatus.Suspended } journal)
                {
                    journal.Status = JournalStatus.Cancelled;
                    journal.FinishedAt = now;
                }
            }

            var task = session.Db.Tasks.Local.FirstOrDefault(t => t.BookmarkId == reference.Id)
                ?? await session.Db.Tasks.FirstOrDefaultAsync(t => t.BookmarkId == reference.Id, ct);
            if (task is { Status: HumanTaskStatus.Open })
            {
                task.Status = HumanTaskStatus.Cancelled;
                task.CompletedAt = now;
                task.Version++;
            }
        }
    }

    private static void EnsureResumable(InstanceSession session)
    {
        if (session.Instance.Status is not (WorkflowStatus.Running or WorkflowStatus.Suspended or WorkflowStatus.Faulted))
        {
            throw new WorkflowConflictException("Экземпляр процесса завершён или отменён; продолжение невозможно.");
        }
    }

    private async Task<DefinitionGraph> GetGraphAsync(WorkflowDb db, Guid versionId, CancellationToken ct)
    {
        if (graphs.TryGet(versionId, out var graph))
        {
            return graph;
        }

        var json = await db.Definitions.Where(d => d.Id == versionId).Select(d => d.ContentJson).FirstAsync(ct);
        return graphs.Add(versionId, json);
    }

    private async Task ExecuteAsync(InstanceSession session, WorkItem item, CancellationToken ct)
    {
        var db = session.Db;
        var instance = session.Instance;
        var state = session.State;
        var now = time.GetUtcNow();
        session.Graph.Activities.TryGetValue(item.ActivityId, out var model);
        var journal = (item.JournalId is { } journalId ? await db.Journal.FindAsync([journalId], ct) : null) ?? NewJournal(session, item, model);

        journal.Attempt = item.Attempt;
        journal.ActorId = item.ActorId ?? journal.ActorId;
        var clrType = model is null ? null : registry.FindClrType(model.Type);
        if (model is null || clrType is null)
        {
            Fault(session, item, journal, new InvalidOperationException("Activity or activity type not found."), retriable: false);
            return;
        }

        var variablesBefore = (JsonObject)state.Variables.DeepClone();
        var activityStatesBefore = state.ActivityStates.ToDictionary(p => p.Key, p => p.Value?.DeepClone());
        var context = new ActivityExecutionContext(
            state, evaluator, model, item, new InstanceInfo(instance.Id, instance.DefinitionId, instance.DefinitionVersion, instance.CorrelationId),
            session.Graph.IncomingSources(model.Id), session.Services, now, ct);
        ActivityResult result;
        try
        {
            var activity = (IActivity)ActivatorUtilities.GetServiceOrCreateInstance(session.Services, clrType);
            result = item.Kind == WorkItemKind.Execute ? await activity.ExecuteAsync(context) : await activity.ResumeAsync(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            state.Variables = variablesBefore;
            state.ActivityStates = activityStatesBefore;
            Fault(session, item, journal, ex, retriable: ex is not WorkflowExpressionException);
            return;
        }

        if (result.Bookmarks.Count > 0)
        {
            journal.Status = JournalStatus.Suspended;
            foreach (var request in result.Bookmarks)
            {
                await CreateBookmarkAsync(session, item, model, request, journal.Id, ct);
            }

            return;
        }

        journal.Status = JournalStatus.Completed;
        journal.FinishedAt = time.GetUtcNow().UtcDateTime;
        journal.Outcome = result.Outcomes.Count == 0 ? null : Truncate(string.Join(",", result.Outcomes), 200);
        if (result.CancelInboundBranches)
        {
            await CancelActivitiesAsync(session, session.Graph.AncestorsOf(model.Id), ct);
        }

        foreach (var outcome in result.Outcomes)
        {
            foreach (var target in session.Graph.Targets(model.Id, outcome))
            {
                state.Queue.Add(new WorkItem { ActivityId = target, SourceActivityId = model.Id, ActorId = item.ActorId });
            }
        }
    }

    private JournalRecord NewJournal(InstanceSession session, WorkItem item, WorkflowActivityModel? model)
    {
        var journal = new JournalRecord
        {
            Id = Guid.NewGuid(),
            InstanceId = session.Instance.Id,
            Sequence = ++session.Instance.JournalCount,
            ActivityId = item.ActivityId,
            ActivityType = model?.Type ?? "?",
            StartedAt = UtcNow,
            Attempt = item.Attempt,
            ActorId = item.ActorId,
        };
        session.Db.Journal.Add(journal);
        return journal;
    }

    private void Fault(InstanceSession session, WorkItem item, JournalRecord journal, Exception exception, bool retriable)
    {
        var now = time.GetUtcNow();
        journal.Status = JournalStatus.Faulted;
        journal.FinishedAt = now.UtcDateTime;
        journal.ExceptionType = Truncate(DescribeException(exception), 500);
        var policy = options.Retry.With(session.Graph.Activities.GetValueOrDefault(item.ActivityId)?.Retry);
        if (retriable && item.Attempt < policy.MaxAttempts)
        {
            var next = JsonSerializer.Deserialize<WorkItem>(JsonSerializer.Serialize(item, WorkflowJson.Compact), WorkflowJson.Compact)!;
            next.Id = Guid.NewGuid();
            next.Attempt = item.Attempt + 1;
            var bookmark = new BookmarkRecord
            {
                Id = Guid.NewGuid(),
                InstanceId = session.Instance.Id,
                ActivityId = item.ActivityId,
                Kind = BookmarkKind.Timer,
                Name = "retry",
                IsRetry = true,
                DueAt = (now + policy.DelayBefore(next.Attempt)).UtcDateTime,
                PayloadJson = JsonSerializer.Serialize(next, WorkflowJson.Compact),
                CreatedAt = now.UtcDateTime,
            };
            session.Db.Bookmarks.Add(bookmark);
            session.State.Bookmarks.Add(new BookmarkRef(bookmark.Id, item.ActivityId, BookmarkKind.Timer));
            return;
        }

        session.Instance.Status = WorkflowStatus.Faulted;
        session.State.FaultedItem = item;
        session.Db.Incidents.Add(new IncidentRecord
        {
            Id = Guid.NewGuid(),
            InstanceId = session.Instance.Id,
            ActivityId = item.ActivityId,
            ActivityType = journal.ActivityType,
            ExceptionType = journal.ExceptionType,
            Attempts = item.Attempt,
            CreatedAt = now.UtcDateTime,
        });
    }

    private async Task CreateBookmarkAsync(
        InstanceSession session, WorkItem item, WorkflowActivityModel model, BookmarkRequest request, Guid journalId, CancellationToken ct)
    {
        var db = session.Db;
        var instance = session.Instance;
        var now = UtcNow;
        var id = Guid.NewGuid();
        if (request.Kind == BookmarkKind.Stimulus && instance.CorrelationId is { } correlationId && request.StimulusName is { } name)
        {
            await WorkflowTransactions.LockInTransactionAsync(db, WorkflowTransactions.StimulusKey(name, correlationId), ct);
            var taken = db.Inbox.Local.Select(i => i.Id).ToList();
            var waiting = await db.Inbox
                .Where(i => i.Name == name && i.CorrelationId == correlationId && i.ExpiresAt > now && !taken.Contains(i.Id))
                .OrderBy(i => i.CreatedAt)
                .FirstOrDefaultAsync(ct);
            if (waiting is not null)
            {
                db.Inbox.Remove(waiting);
                session.State.Queue.Add(new WorkItem
                {
                    ActivityId = model.Id,
                    Kind = WorkItemKind.Resume,
                    Bookmark = new ResumedBookmark(id, BookmarkKind.Stimulus, name, request.Payload, ParseObject(waiting.PayloadJson), null),
                    JournalId = journalId,
                });
                return;
            }
        }

        db.Bookmarks.Add(new BookmarkRecord
        {
            Id = id,
            InstanceId = instance.Id,
            ActivityId = model.Id,
            Kind = request.Kind,
            Name = request.StimulusName,
            CorrelationId = request.Kind == BookmarkKind.Stimulus ? instance.CorrelationId : null,
            DueAt = request.DueAt?.UtcDateTime,
            PayloadJson = request.Payload?.ToJsonString(WorkflowJson.Compact),
            JournalId = journalId,
            CreatedAt = now,
        });
        session.State.Bookmarks.Add(new BookmarkRef(id, model.Id, request.Kind));
        if (request is { Kind: BookmarkKind.HumanTask, Task: { } task })
        {
            db.Tasks.Add(new TaskRecord
            {
                Id = Guid.NewGuid(),
                InstanceId = instance.Id,
                BookmarkId = id,
                ActivityId = model.Id,
                DefinitionId = instance.DefinitionId,
                CorrelationId = instance.CorrelationId,
                Title = Truncate(task.Title, 1000),
                Description = task.Description,
                Role = task.Role,
                AssigneeId = task.AssigneeId,
                ExcludedUserId = task.ExcludedUserId,
                Status = HumanTaskStatus.Open,
                FormFieldsJson = JsonSerializer.Serialize(task.FormFields, WorkflowJson.Compact),
                OutcomesJson = JsonSerializer.Serialize(task.Outcomes, WorkflowJson.Compact),
                DueAt = task.DueAt?.UtcDateTime,
                EscalationRole = task.EscalationRole,
                CreatedAt = now,
                SearchText = Truncate((task.Title + " " + instance.CorrelationId).ToLowerInvariant(), 1300),
                Version = 1,
            });
        }
    }

    internal static string DescribeException(Exception exception) => exception is WorkflowExpressionException { InnerException: { } inner }
        ? $"{typeof(WorkflowExpressionException).FullName}({inner.GetType().FullName})"
        : exception.GetType().FullName ?? exception.GetType().Name;

    internal static JsonObject? ParseObject(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
