using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KepOffice.Core.Data;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Audit;

public sealed record AuditChainStatus(bool Intact, long Count, long? BrokenSequence, Guid? BrokenId, string? Problem);

/// <summary>
/// The hash chain: each row's hash is SHA-256 over the previous row's hash and the row's canonical content, so editing,
/// deleting, inserting or reordering a row breaks the chain at that row. Appends take the chain head row under a lock
/// (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write lock of the IMMEDIATE transaction) in the transaction that saves
/// the action, so rows from any number of nodes get consecutive sequence numbers and hashes.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Called by the DbContext's SaveChanges inside the transaction: numbers and hashes the new rows.</summary>
    internal static async Task SealAsync(KepOfficeDbContext db, IReadOnlyList<AuditEvent> pending, CancellationToken cancellationToken)
    {
        var heads = db.Set<AuditChainHead>();
        var head = db.Provider == DatabaseProvider.PostgreSql
            ? await heads.FromSqlRaw("""SELECT * FROM audit_chain_head WHERE "Id" = 1 FOR UPDATE""").AsNoTracking().SingleAsync(cancellationToken)
            : await heads.AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken);
        var sequence = head.LastSequence;
        var previous = head.LastHash;
        foreach (var row in pending)
        {
            row.Sequence = ++sequence;
            row.PreviousHash = previous;
            row.Hash = ComputeHash(previous, row);
            previous = row.Hash;
        }

        await heads.Where(h => h.Id == AuditChainHead.SingletonId)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, sequence).SetProperty(h => h.LastHash, previous), cancellationToken);
    }

    /// <summary>
    /// The workflow runtime knows nothing of the audit log: a definition version added as Published, or whose state
    /// becomes Published or Retracted in this unit of work, is recorded here, with the user the runtime stamped on it;
    /// so are a deleted definition and an instance moved to another version (its journal row of type VersionMigration).
    /// </summary>
    internal static void RecordDefinitionStateChanges(KepOfficeDbContext db)
    {
        RecordDeletionsAndMigrations(db);
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.Metadata.ClrType.FullName == "KepOffice.Workflows.Persistence.DefinitionRecord"
                && ((e.State == EntityState.Modified && e.Property("State").IsModified)
                    || (e.State == EntityState.Added && (DefinitionState)e.Property("State").CurrentValue! == DefinitionState.Published)))
            .ToList();
        foreach (var entry in changed)
        {
            var state = (DefinitionState)entry.Property("State").CurrentValue!;
            var (action, by, at) = state switch
            {
                DefinitionState.Published => (AuditActions.WorkflowPublished, entry.Property("PublishedBy").CurrentValue, entry.Property("PublishedAt").CurrentValue),
                DefinitionState.Retracted => (AuditActions.WorkflowRetracted, entry.Property("RetractedBy").CurrentValue, entry.Property("RetractedAt").CurrentValue),
                _ => (null, null, null),
            };
            if (action is null)
            {
                continue;
            }

            var when = at is DateTime t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : DateTime.UtcNow;
            db.Set<AuditEvent>().Add(new AuditEvent
            {
                Id = Guid.CreateVersion7(),
                OccurredUtc = new DateTime(when.Ticks - (when.Ticks % 10), DateTimeKind.Utc),
                ActorKind = by is string { Length: > 0 } ? AuditActorKind.User : AuditActorKind.System,
                ActorId = by as string is { Length: > 0 } user ? user : "system",
                Action = action,
                ObjectType = AuditObjects.Workflow,
                ObjectId = string.Create(CultureInfo.InvariantCulture, $"{entry.Property("DefinitionId").CurrentValue}/v{entry.Property("Version").CurrentValue}"),
            });
        }
    }

    private static void RecordDeletionsAndMigrations(KepOfficeDbContext db)
    {
        var deleted = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Deleted && e.Metadata.ClrType.FullName == "KepOffice.Workflows.Persistence.DefinitionRecord")
            .GroupBy(e => (string)e.Property("DefinitionId").CurrentValue!)
            .ToList();
        foreach (var definition in deleted)
        {
            var by = definition.Select(e => e.Property("UpdatedBy").CurrentValue as string).FirstOrDefault(u => u is { Length: > 0 });
            var versions = string.Join(", ", definition.Select(e => (int)e.Property("Version").CurrentValue!).Order());
            Add(db, AuditActions.WorkflowDeleted, by, DateTime.UtcNow, definition.Key, "версии: " + versions);
        }

        var migrations = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && e.Metadata.ClrType.FullName == "KepOffice.Workflows.Persistence.JournalRecord"
                && (string?)e.Property("ActivityType").CurrentValue == WorkflowMigrationService.JournalActivityType)
            .ToList();
        foreach (var migration in migrations)
        {
            Add(db, AuditActions.WorkflowInstanceMigrated, migration.Property("ActorId").CurrentValue as string,
                (DateTime)migration.Property("StartedAt").CurrentValue!,
                ((Guid)migration.Property("InstanceId").CurrentValue!).ToString(), "версия " + migration.Property("Outcome").CurrentValue);
        }
    }

    private static void Add(KepOfficeDbContext db, string action, string? by, DateTime at, string objectId, string? detail)
    {
        var when = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        db.Set<AuditEvent>().Add(new AuditEvent
        {
            Id = Guid.CreateVersion7(),
            OccurredUtc = new DateTime(when.Ticks - (when.Ticks % 10), DateTimeKind.Utc),
            ActorKind = by is { Length: > 0 } ? AuditActorKind.User : AuditActorKind.System,
            ActorId = by is { Length: > 0 } user ? user : "system",
            Action = action,
            ObjectType = AuditObjects.Workflow,
            ObjectId = objectId,
            Detail = detail,
        });
    }

    public static string ComputeHash(string previousHash, AuditEvent row)
    {
        var canonical = new StringBuilder();
        Append(canonical, previousHash);
        Append(canonical, row.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(canonical, row.OccurredUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Append(canonical, row.ActorKind.ToString());
        Append(canonical, row.ActorId);
        Append(canonical, row.ActorName);
        Append(canonical, row.Origin);
        Append(canonical, row.Action);
        Append(canonical, row.ObjectType);
        Append(canonical, row.ObjectId);
        Append(canonical, row.Detail);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    // Length-prefixed fields: no two different rows have the same canonical text, and null differs from "".
    private static void Append(StringBuilder canonical, string? value) =>
        canonical.Append(value is null ? "-" : value.Length.ToString(CultureInfo.InvariantCulture) + ":" + value).Append('\n');

    /// <summary>Walks the whole chain in sequence order and reports the first broken row.</summary>
    public static async Task<AuditChainStatus> VerifyAsync(KepOfficeDbContext db, CancellationToken cancellationToken)
    {
        var expected = 1L;
        var previous = GenesisHash;
        await foreach (var row in db.Set<AuditEvent>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            string? problem = null;
            if (row.Sequence != expected)
            {
                problem = row.Sequence > expected
                    ? $"перед ней нет записей №{expected}–{row.Sequence - 1}: они удалены"
                    : "номер записи повторяется";
            }
            else if (!string.Equals(row.PreviousHash, previous, StringComparison.Ordinal))
            {
                problem = "ссылка на предыдущую запись не совпадает: запись вставлена, переставлена или предыдущая изменена";
            }
            else if (!string.Equals(row.Hash, ComputeHash(previous, row), StringComparison.Ordinal))
            {
                problem = "содержимое записи изменено после записи в журнал";
            }

            if (problem is not null)
            {
                return new AuditChainStatus(false, expected - 1, row.Sequence, row.Id, $"Запись №{row.Sequence} ({row.Id}): {problem}.");
            }

            previous = row.Hash;
            expected++;
        }

        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken);
        if (head.LastSequence != expected - 1 || !string.Equals(head.LastHash, previous, StringComparison.Ordinal))
        {
            return new AuditChainStatus(false, expected - 1, expected, null,
                head.LastSequence >= expected
                    ? $"Записи №{expected}–{head.LastSequence} в конце журнала удалены."
                    : $"Конец цепочки не совпадает с последней записью №{expected - 1}.");
        }

        return new AuditChainStatus(true, expected - 1, null, null, null);
    }
}
