using KepOffice.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Workflows.Definitions;

/// <summary>
/// Versioned definitions: drafts, publication (retracting the previous published version), revert, import and export.
/// Instances stay pinned to the version they started on, so a published version's content never changes.
/// </summary>
public sealed class WorkflowDefinitionService
{
    private readonly WorkflowTransactions _transactions;
    private readonly WorkflowValidator _validator;
    private readonly TimeProvider _time;

    internal WorkflowDefinitionService(WorkflowTransactions transactions, WorkflowValidator validator, TimeProvider time)
    {
        _transactions = transactions;
        _validator = validator;
        _time = time;
    }

    /// <summary>Validates a definition without saving it.</summary>
    public IReadOnlyList<WorkflowValidationError> Validate(WorkflowDefinitionModel model) => _validator.Validate(model);

    /// <summary>Every definition with its latest and published version and how many instances use each version.</summary>
    public Task<IReadOnlyList<WorkflowDefinitionSummary>> ListAsync(CancellationToken ct = default) =>
        Read<IReadOnlyList<WorkflowDefinitionSummary>>(async db =>
        {
            var rows = await db.Definitions.AsNoTracking()
                .Select(d => new { d.DefinitionId, d.Version, d.Name, d.State })
                .ToListAsync(ct);
            var counts = await db.Instances.AsNoTracking()
                .GroupBy(i => new { i.DefinitionId, i.DefinitionVersion, Active = i.Status != WorkflowStatus.Finished && i.Status != WorkflowStatus.Cancelled })
                .Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, g.Key.Active, Count = g.Count() })
                .ToListAsync(ct);
            return rows.GroupBy(r => r.DefinitionId)
                .Select(g =>
                {
                    var latest = g.MaxBy(r => r.Version)!;
                    var published = g.FirstOrDefault(r => r.State == DefinitionState.Published);
                    var mine = counts.Where(c => c.DefinitionId == g.Key).ToList();
                    var active = mine.Where(c => c.Active).OrderBy(c => c.DefinitionVersion)
                        .Select(c => new WorkflowVersionCount(c.DefinitionVersion, c.Count)).ToList();
                    return new WorkflowDefinitionSummary(g.Key, latest.Name, latest.Version, published?.Version, latest.State == DefinitionState.Draft,
                        active, mine.Sum(c => c.Count));
                })
                .OrderBy(s => s.DefinitionId, StringComparer.Ordinal)
                .ToList();
        }, ct);

    /// <summary>All versions of a definition, newest first.</summary>
    public Task<IReadOnlyList<WorkflowDefinitionVersionInfo>> GetVersionsAsync(string definitionId, CancellationToken ct = default) =>
        Read<IReadOnlyList<WorkflowDefinitionVersionInfo>>(async db =>
        {
            var rows = await db.Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId).OrderByDescending(d => d.Version).ToListAsync(ct);
            return rows.Count == 0 ? throw NotFound(definitionId) : rows.Select(ToInfo).ToList();
        }, ct);

    /// <summary>A version with content; the latest when <paramref name="version"/> is null.</summary>
    public Task<WorkflowDefinitionVersion> GetAsync(string definitionId, int? version = null, CancellationToken ct = default) =>
        Read(async db =>
        {
            var record = await Find(db, definitionId, version, ct);
            return new WorkflowDefinitionVersion(ToInfo(record), WorkflowJson.Parse(record.ContentJson));
        }, ct);

    /// <summary>The published version, or null.</summary>
    public Task<WorkflowDefinitionVersion?> GetPublishedAsync(string definitionId, CancellationToken ct = default) =>
        Read(async db =>
        {
            var record = await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.State == DefinitionState.Published, ct);
            return record is null ? null : new WorkflowDefinitionVersion(ToInfo(record), WorkflowJson.Parse(record.ContentJson));
        }, ct);

    /// <summary>Exports a version (latest when null) as definition JSON with <c>$schema</c>.</summary>
    public async Task<string> ExportAsync(string definitionId, int? version = null, CancellationToken ct = default) =>
        WorkflowJson.Serialize((await GetAsync(definitionId, version, ct)).Model);

    /// <summary>
    /// Saves a draft: overwrites the latest version when it is a draft, otherwise (editing a published or retracted
    /// version) creates a new draft version. Throws <see cref="WorkflowValidationException"/> when invalid.
    /// </summary>
    public Task<WorkflowDefinitionVersionInfo> SaveDraftAsync(WorkflowDefinitionModel model, WorkflowActor actor, CancellationToken ct = default)
    {
        ThrowIfInvalid(model);
        return Write(model.Id, async db =>
        {
            var latest = await Latest(db, model.Id, ct);
            var now = _time.GetUtcNow().UtcDateTime;
            if (latest is { State: DefinitionState.Draft })
            {
                SetContent(latest, model, actor, now);
                return ToInfo(latest);
            }

            return ToInfo(AddVersion(db, model, (latest?.Version ?? 0) + 1, DefinitionState.Draft, actor, now));
        }, ct);
    }

    /// <summary>Publishes a draft version and retracts the previously published one.</summary>
    public Task<WorkflowDefinitionVersionInfo> PublishAsync(string definitionId, int version, WorkflowActor actor, CancellationToken ct = default) =>
        Write(definitionId, async db =>
        {
            var record = await Find(db, definitionId, version, ct);
            if (record.State != DefinitionState.Draft)
            {
                throw new WorkflowConflictException($"Опубликовать можно только черновик; версия {version} процесса «{definitionId}» — не черновик.");
            }

            ThrowIfInvalid(WorkflowJson.Parse(record.ContentJson));
            var now = _time.GetUtcNow().UtcDateTime;
            await RetractPublished(db, definitionId, actor, now, ct);
            record.State = DefinitionState.Published;
            record.PublishedBy = actor.UserId;
            record.PublishedAt = now;
            return ToInfo(record);
        }, ct);

    /// <summary>Retracts a published version; running instances continue on it, new ones cannot start.</summary>
    public Task<WorkflowDefinitionVersionInfo> RetractAsync(string definitionId, int version, WorkflowActor actor, CancellationToken ct = default) =>
        Write(definitionId, async db =>
        {
            var record = await Find(db, definitionId, version, ct);
            if (record.State != DefinitionState.Published)
            {
                throw new WorkflowConflictException($"Версия {version} процесса «{definitionId}» не опубликована.");
            }

            record.State = DefinitionState.Retracted;
            record.RetractedBy = actor.UserId;
            record.RetractedAt = _time.GetUtcNow().UtcDateTime;
            return ToInfo(record);
        }, ct);

    /// <summary>Copies an old version's content into the draft (a new draft version unless the latest is a draft).</summary>
    public async Task<WorkflowDefinitionVersionInfo> RevertAsync(string definitionId, int version, WorkflowActor actor, CancellationToken ct = default)
    {
        var old = await GetAsync(definitionId, version, ct);
        return await SaveDraftAsync(old.Model, actor, ct);
    }

    /// <summary>What changed from version <paramref name="from"/> to version <paramref name="to"/> (either order may be asked).</summary>
    public async Task<WorkflowDiffResult> DiffAsync(string definitionId, int from, int to, CancellationToken ct = default)
    {
        var older = await GetAsync(definitionId, from, ct);
        var newer = await GetAsync(definitionId, to, ct);
        return WorkflowDiff.Compare(older.Model with { Version = from }, newer.Model with { Version = to });
    }

    /// <summary>Creates a new definition whose first draft holds a Start connected to an End.</summary>
    public Task<WorkflowDefinitionVersionInfo> CreateAsync(string? id, string? name, WorkflowActor actor, CancellationToken ct = default)
    {
        var model = new WorkflowDefinitionModel
        {
            Schema = WorkflowJson.SchemaReference,
            Id = id?.Trim() ?? "",
            Name = name?.Trim() ?? "",
            Activities =
            [
                new WorkflowActivityModel { Id = "start", Type = "Start", DisplayName = "Начало", Position = new WorkflowPosition(80, 120) },
                new WorkflowActivityModel { Id = "end", Type = "End", DisplayName = "Конец", Position = new WorkflowPosition(360, 120) },
            ],
            Connections = [new WorkflowConnectionModel { Source = "start", Outcome = "Done", Target = "end" }],
        };
        return AddNewDefinitionAsync(model, actor, ct);
    }

    /// <summary>Copies a version (the latest when null) into a new definition with its own id and name, as its first draft.</summary>
    public async Task<WorkflowDefinitionVersionInfo> CloneAsync(string definitionId, int? version, string? newId, string? newName, WorkflowActor actor, CancellationToken ct = default)
    {
        var source = await GetAsync(definitionId, version, ct);
        return await AddNewDefinitionAsync(source.Model with { Id = newId?.Trim() ?? "", Name = newName?.Trim() ?? "", Version = 0 }, actor, ct);
    }

    /// <summary>
    /// Deletes every version of a definition. Refused with <see cref="WorkflowConflictException"/> while any instance, running
    /// or finished, belongs to it: their journals and the instance viewer need the flowchart.
    /// </summary>
    public Task DeleteAsync(string definitionId, WorkflowActor actor, CancellationToken ct = default) =>
        Write(definitionId, async db =>
        {
            var records = await db.Definitions.Where(d => d.DefinitionId == definitionId).ToListAsync(ct);
            if (records.Count == 0)
            {
                throw NotFound(definitionId);
            }

            var used = await db.Instances.Where(i => i.DefinitionId == definitionId)
                .GroupBy(i => i.DefinitionVersion).Select(g => new { Version = g.Key, Count = g.Count() }).OrderBy(g => g.Version).ToListAsync(ct);
            if (used.Count > 0)
            {
                var list = string.Join(", ", used.Select(u => $"версия {u.Version} — {u.Count}"));
                throw new WorkflowConflictException(
                    $"Процесс «{definitionId}» нельзя удалить: по нему есть экземпляры ({list}). Снимите версию с публикации, чтобы новые заявления по ней не начинались.");
            }

            // The host's audit log reads who deleted the definition from the rows being removed.
            var now = _time.GetUtcNow().UtcDateTime;
            foreach (var record in records)
            {
                record.UpdatedBy = actor.UserId;
                record.UpdatedAt = now;
            }

            db.Definitions.RemoveRange(records);
            return true;
        }, ct);

    /// <summary>
    /// Saves imported JSON as a draft (a new definition's first draft, or the draft of an existing one) without publishing it.
    /// </summary>
    public Task<WorkflowDefinitionVersionInfo> ImportDraftAsync(string json, WorkflowActor actor, CancellationToken ct = default) =>
        SaveDraftAsync(WorkflowJson.Parse(json), actor, ct);

    /// <summary>
    /// Imports definition JSON. Content that differs from the published version (by normalized hash) becomes a new
    /// published version; identical content changes nothing. Invalid JSON is reported with its position.
    /// </summary>
    public async Task<WorkflowImportResult> ImportAsync(string json, WorkflowActor actor, CancellationToken ct = default)
    {
        var model = WorkflowJson.Parse(json);
        ThrowIfInvalid(model);
        var hash = WorkflowJson.ComputeContentHash(model);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Write(model.Id, async db =>
                {
                    var published = await db.Definitions.FirstOrDefaultAsync(d => d.DefinitionId == model.Id && d.State == DefinitionState.Published, ct);
                    if (published?.ContentHash == hash)
                    {
                        return new WorkflowImportResult(ToInfo(published), false);
                    }

                    var now = _time.GetUtcNow().UtcDateTime;
                    var latest = await Latest(db, model.Id, ct);
                    await RetractPublished(db, model.Id, actor, now, ct);
                    var record = AddVersion(db, model, (latest?.Version ?? 0) + 1, DefinitionState.Published, actor, now);
                    record.PublishedBy = actor.UserId;
                    record.PublishedAt = now;
                    return new WorkflowImportResult(ToInfo(record), true);
                }, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another node imported the same file at the same moment; the unique (id, version) index stopped us. Look again.
            }
        }
    }

    private Task<WorkflowDefinitionVersionInfo> AddNewDefinitionAsync(WorkflowDefinitionModel model, WorkflowActor actor, CancellationToken ct)
    {
        ThrowIfInvalid(model);
        return Write(model.Id, async db =>
        {
            if (await db.Definitions.AnyAsync(d => d.DefinitionId == model.Id, ct))
            {
                throw new WorkflowConflictException($"Процесс с идентификатором «{model.Id}» уже существует; выберите другой идентификатор.");
            }

            return ToInfo(AddVersion(db, model, 1, DefinitionState.Draft, actor, _time.GetUtcNow().UtcDateTime));
        }, ct);
    }

    private void ThrowIfInvalid(WorkflowDefinitionModel model)
    {
        var errors = _validator.Validate(model);
        if (errors.Count > 0)
        {
            throw new WorkflowValidationException(errors);
        }
    }

    private Task<T> Read<T>(Func<WorkflowDb, Task<T>> read, CancellationToken ct) => _transactions.ReadAsync(db => read(db), ct);

    private Task<T> Write<T>(string definitionId, Func<WorkflowDb, Task<T>> write, CancellationToken ct) =>
        _transactions.RunAsync(WorkflowTransactions.DefinitionKey(definitionId), (db, _) => write(db), ct);

    private static async Task<DefinitionRecord> Find(WorkflowDb db, string definitionId, int? version, CancellationToken ct)
    {
        var record = version is { } v
            ? await db.Definitions.FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == v, ct)
            : await Latest(db, definitionId, ct);
        return record ?? throw NotFound(definitionId, version);
    }

    private static Task<DefinitionRecord?> Latest(WorkflowDb db, string definitionId, CancellationToken ct) =>
        db.Definitions.Where(d => d.DefinitionId == definitionId).OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);

    private static async Task RetractPublished(WorkflowDb db, string definitionId, WorkflowActor actor, DateTime now, CancellationToken ct)
    {
        foreach (var published in await db.Definitions.Where(d => d.DefinitionId == definitionId && d.State == DefinitionState.Published).ToListAsync(ct))
        {
            published.State = DefinitionState.Retracted;
            published.RetractedBy = actor.UserId;
            published.RetractedAt = now;
        }
    }

    private static DefinitionRecord AddVersion(WorkflowDb db, WorkflowDefinitionModel model, int version, DefinitionState state, WorkflowActor actor, DateTime now)
    {
        var record = new DefinitionRecord
        {
            Id = Guid.NewGuid(),
            DefinitionId = model.Id,
            Version = version,
            State = state,
            CreatedBy = actor.UserId,
            CreatedAt = now,
        };
        SetContent(record, model, actor, now);
        db.Definitions.Add(record);
        return record;
    }

    private static void SetContent(DefinitionRecord record, WorkflowDefinitionModel model, WorkflowActor actor, DateTime now)
    {
        var stored = model with { Version = record.Version, Schema = model.Schema ?? WorkflowJson.SchemaReference };
        record.Name = stored.Name;
        record.ContentJson = WorkflowJson.Serialize(stored);
        record.ContentHash = WorkflowJson.ComputeContentHash(stored);
        record.UpdatedBy = actor.UserId;
        record.UpdatedAt = now;
    }

    private static WorkflowNotFoundException NotFound(string definitionId, int? version = null) => new(version is null
        ? $"Процесс «{definitionId}» не найден."
        : $"Версия {version} процесса «{definitionId}» не найдена.");

    private static WorkflowDefinitionVersionInfo ToInfo(DefinitionRecord r) => new(
        r.DefinitionId, r.Version, r.Name, r.State, r.ContentHash, r.CreatedBy, Utc(r.CreatedAt), r.UpdatedBy, Utc(r.UpdatedAt),
        r.PublishedBy, Utc(r.PublishedAt), r.RetractedBy, Utc(r.RetractedAt));

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    internal static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
