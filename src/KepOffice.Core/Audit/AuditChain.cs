using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KepOffice.Core.Data;
using KepOffice.Core.Startup;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Audit;

public sealed record AuditChainStatus(bool Intact, long Count, long? BrokenSequence, Guid? BrokenId, string? Problem);

/// <summary>
/// The hash chain: each row's hash is SHA-256 over the previous row's hash and the row's canonical content, so editing,
/// deleting, inserting or reordering a row breaks the chain at that row. Appends update the chain head row in the
/// transaction that saves the action, so rows from any number of nodes get consecutive sequence numbers and hashes.
/// <para>
/// PostgreSQL seals the rows itself, at commit (<see cref="ConfigureSealingAtCommit"/>): the chain head every audited action
/// of every node updates is then locked only while the transaction commits, not across round trips to a node. SQLite has
/// one writer at a time; there the DbContext seals the rows (<see cref="SealAsync"/>).
/// </para>
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The sequence that numbers rows not yet sealed (negative: never a chain position).</summary>
    public const string PendingSequenceName = "audit_pending_seq";

    /// <summary>
    /// PostgreSQL: an audit row is inserted with a negative placeholder sequence number from
    /// <see cref="PendingSequenceName"/>, and the deferred constraint trigger <see cref="SealTriggerName"/> (function
    /// <c>audit_seal</c>, migration AuditSealedAtCommit) numbers and hashes it when its transaction commits, under the
    /// chain head's row lock, exactly as <see cref="ComputeHash"/> does. A row inserted with a sequence number of its own is
    /// left as it is, for <see cref="VerifyAsync"/> to judge.
    /// </summary>
    public static void ConfigureSealingAtCommit(ModelBuilder builder)
    {
        builder.HasSequence<long>(PendingSequenceName);
        builder.Entity<AuditEvent>().Property(e => e.Sequence).HasDefaultValueSql($"-nextval('{PendingSequenceName}')");
    }

    /// <summary>The deferred constraint trigger that seals rows at commit on PostgreSQL.</summary>
    public const string SealTriggerName = "audit_events_seal";

    /// <summary>
    /// Start-up check on PostgreSQL, after the migrations: a database whose sealing trigger is missing or switched off
    /// (created without the migrations, or the trigger dropped or disabled) would keep every new row unsealed, and one not
    /// in UTF-8 would make the trigger count field lengths wrongly (it counts UTF-16 code units, as .NET does, from
    /// characters). The node does not start on either.
    /// </summary>
    /// <exception cref="KepOfficeStartupException">The database cannot seal audit rows as <see cref="ComputeHash"/> hashes them.</exception>
    internal static async Task RequireSealingAtCommitAsync(KepOfficeDbContext db, CancellationToken cancellationToken)
    {
        var encoding = (await db.Database.SqlQueryRaw<string>("""SELECT current_setting('server_encoding') AS "Value" """)
            .ToListAsync(cancellationToken)).Single();
        if (encoding != "UTF8")
        {
            throw new KepOfficeStartupException(
                $"База данных PostgreSQL в кодировке {encoding}: KepOffice работает только с базой в UTF8 " +
                "(CREATE DATABASE … ENCODING 'UTF8'); иначе хеши журнала аудита и поиск по тексту неверны.");
        }

        var states = await db.Database.SqlQueryRaw<string>(
            """SELECT tgenabled::text AS "Value" FROM pg_trigger WHERE tgname = {0} AND tgrelid = 'audit_events'::regclass""", SealTriggerName)
            .ToListAsync(cancellationToken);
        if (states is not ["O" or "A"])
        {
            throw new KepOfficeStartupException(
                "Журнал аудита не будет запечатан: в базе данных " + (states.Count == 0 ? "нет триггера " : "отключён триггер ") + SealTriggerName +
                ", который нумерует и хеширует записи журнала при фиксации транзакции. База создана не миграциями KepOffice или " +
                "триггер удалён или отключён вручную: восстановите базу из резервной копии целиком (pg_restore без --data-only) " +
                $"или включите триггер (ALTER TABLE audit_events ENABLE TRIGGER {SealTriggerName}) и проверьте журнал командой audit verify.");
        }
    }

    /// <summary>
    /// SQLite: called by the DbContext's SaveChanges inside the transaction, after the rest of the unit of work is written:
    /// one statement reserves the sequence numbers in the chain head; the rows are numbered and hashed, and the head's new
    /// state is attached as modified, to be written in the same batch as the rows.
    /// </summary>
    internal static async Task<AuditChainHead> SealAsync(KepOfficeDbContext db, IReadOnlyList<AuditEvent> pending, CancellationToken cancellationToken)
    {
        var reserved = await db.Set<AuditChainHead>()
            .FromSqlRaw("""UPDATE audit_chain_head SET "LastSequence" = "LastSequence" + {0} WHERE "Id" = {1} RETURNING *""", pending.Count, AuditChainHead.SingletonId)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var head = reserved.Single();
        var sequence = head.LastSequence - pending.Count;
        var previous = head.LastHash;
        foreach (var row in pending)
        {
            row.Sequence = ++sequence;
            row.PreviousHash = previous;
            row.Hash = ComputeHash(previous, row);
            previous = row.Hash;
        }

        head.LastHash = previous;
        db.Attach(head).Property(h => h.LastHash).IsModified = true;
        return head;
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
