using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.Workflows.Persistence;

/// <summary>
/// Runs a unit of work in its own scope and transaction, guarded by a per-key lock: a process-local async lock plus,
/// on PostgreSQL, <c>pg_advisory_xact_lock</c>; SQLite transactions are <c>BEGIN IMMEDIATE</c> (single writer).
/// Concurrency-token failures and a busy SQLite database are retried from a fresh load. At most
/// <see cref="WorkflowsOptions.MaxConcurrentTransactions"/> run at once; the others are admitted first come, first served
/// (a transaction is admitted before it takes any lock, so a lock holder never waits for admission; one started inside
/// another is not counted again).
/// </summary>
internal sealed class WorkflowTransactions(IServiceScopeFactory scopeFactory, KeyedAsyncLock locks, WorkflowsOptions options)
{
    private const int MaxAttempts = 8;

    private static readonly AsyncLocal<bool> Admitted = new();

    private readonly SemaphoreSlim? _admission = options.MaxConcurrentTransactions > 0 ? new SemaphoreSlim(options.MaxConcurrentTransactions) : null;

    public Task<T> RunAsync<T>(string? lockKey, Func<WorkflowDb, IServiceProvider, Task<T>> work, CancellationToken ct, params string[] extraDbLocks) =>
        RunCoreAsync(lockKey, null, work, ct, extraDbLocks);

    /// <summary>
    /// Like <see cref="RunAsync{T}(string?, Func{WorkflowDb, IServiceProvider, Task{T}}, CancellationToken, string[])"/> for work
    /// whose lock key must first be read from the database (the instance of a task). On PostgreSQL the key is read inside the
    /// transaction by <paramref name="readAndLockKey"/>, which takes the key's database lock in the same statement (one round
    /// trip instead of three: read, lock); such a transaction does not take the process lock, so it never waits for it while
    /// holding the database lock. SQLite takes its write lock at BEGIN, so there <paramref name="readLockKey"/> reads the key
    /// first, and no one waits for the process lock while holding the database.
    /// </summary>
    public async Task<T> RunAsync<T>(
        Func<WorkflowDb, Task<string>> readLockKey, Func<WorkflowDb, Task<string>> readAndLockKey, Func<WorkflowDb, IServiceProvider, Task<T>> work, CancellationToken ct)
    {
        _postgres ??= await ReadAsync(db => Task.FromResult(db.IsPostgres), ct);
        return _postgres.Value
            ? await RunCoreAsync(null, readAndLockKey, work, ct, [])
            : await RunCoreAsync(await ReadAsync(readLockKey, ct), null, work, ct, []);
    }

    private bool? _postgres;

    private async Task<T> RunCoreAsync<T>(
        string? lockKey, Func<WorkflowDb, Task<string>>? readLockKey, Func<WorkflowDb, IServiceProvider, Task<T>> work, CancellationToken ct, string[] extraDbLocks)
    {
        for (var attempt = 1; ; attempt++)
        {
            var admission = _admission is not null && !Admitted.Value ? _admission : null;
            if (admission is not null)
            {
                await admission.WaitAsync(ct);
                Admitted.Value = true;
            }

            IDisposable? processLock = null;
            try
            {
                processLock = lockKey is null ? null : await locks.AcquireAsync(lockKey, ct);
                await using var scope = scopeFactory.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WorkflowDb>();
                var strategy = db.Context.Database.CreateExecutionStrategy();
                return await strategy.ExecuteAsync(async () =>
                {
                    db.Context.ChangeTracker.Clear();
                    await using var tx = await db.Context.Database.BeginTransactionAsync(ct);
                    // A key read by readLockKey is already locked in the database (PostgreSQL only).
                    var key = readLockKey is null ? lockKey : null;
                    if (readLockKey is not null)
                    {
                        await readLockKey(db);
                    }

                    if (db.IsPostgres)
                    {
                        foreach (var dbLock in new[] { key }.Concat(extraDbLocks).OfType<string>())
                        {
                            await LockInTransactionAsync(db, dbLock, ct);
                        }
                    }

                    var result = await work(db, scope.ServiceProvider);
                    // Saves inside the work keep EF's savepoint (an activity whose save fails is faulted and the transaction
                    // goes on). This last one does not need it: if it fails, the whole transaction is rolled back and the
                    // work retried from a fresh load, so the savepoint would only cost a subtransaction on PostgreSQL and
                    // two more statements.
                    db.Context.Database.AutoSavepointsEnabled = false;
                    try
                    {
                        await db.Context.SaveChangesAsync(ct);
                    }
                    finally
                    {
                        db.Context.Database.AutoSavepointsEnabled = true;
                    }

                    await tx.CommitAsync(ct);
                    return result;
                });
            }
            catch (DbUpdateConcurrencyException ex) when (attempt >= MaxAttempts)
            {
                throw new WorkflowConflictException("Данные были изменены параллельно; повторите операцию.", ex);
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsTransient(ex))
            {
                processLock?.Dispose();
                processLock = null;
                Release(admission);
                admission = null;
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
            finally
            {
                processLock?.Dispose();
                Release(admission);
            }
        }
    }

    private static void Release(SemaphoreSlim? admission)
    {
        if (admission is not null)
        {
            Admitted.Value = false;
            admission.Release();
        }
    }

    /// <summary>Runs a query in its own scope without a transaction (reads need no lock).</summary>
    public async Task<T> ReadAsync<T>(Func<WorkflowDb, Task<T>> read, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await using var scope = scopeFactory.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<WorkflowDb>());
    }

    /// <summary>
    /// Takes the database lock for <paramref name="key"/> inside the current transaction (PostgreSQL only): an advisory
    /// lock on the key's 64-bit hash (<c>hashtextextended</c>), computed by the server so that a statement can lock a key
    /// it reads (<see cref="LockTaskInstanceAsync"/>).
    /// </summary>
    public static async Task LockInTransactionAsync(WorkflowDb db, string key, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await db.Context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))", [key], ct);
        }
    }

    /// <summary>
    /// Reads the instance a task belongs to and takes that instance's database lock (the lock of
    /// <see cref="InstanceKey"/>) in the same statement (PostgreSQL only); null when there is no such task.
    /// </summary>
    public static async Task<Guid?> LockTaskInstanceAsync(WorkflowDb db, Guid taskId, CancellationToken ct)
    {
        var rows = await db.Context.Database.SqlQueryRaw<Guid>(
            $$"""
            SELECT t."InstanceId" AS "Value" FROM wf_tasks t
            CROSS JOIN LATERAL pg_advisory_xact_lock(hashtextextended('{{InstancePrefix}}' || replace(t."InstanceId"::text, '-', ''), 0)) AS l
            WHERE t."Id" = {0}
            """, taskId).ToListAsync(ct);
        return rows.Count == 0 ? null : rows[0];
    }

    private const string InstancePrefix = "wf-instance:";

    public static string InstanceKey(Guid instanceId) => InstancePrefix + instanceId.ToString("N");

    public static string StimulusKey(string name, string correlationId) => "wf-stimulus:" + name + "|" + correlationId;

    public static string DefinitionKey(string definitionId) => "wf-definition:" + definitionId;

    private static bool IsTransient(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        DbException db => db.Message.Contains("database is locked", StringComparison.OrdinalIgnoreCase)
            || db.Message.Contains("SQLITE_BUSY", StringComparison.OrdinalIgnoreCase)
            || db.Message.Contains("deadlock", StringComparison.OrdinalIgnoreCase)
            || db.SqlState is "40001" or "40P01",
        _ => false,
    };
}

/// <summary>Process-local async locks by key, removed when no one holds or waits for them.</summary>
internal sealed class KeyedAsyncLock
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        Entry entry;
        while (true)
        {
            entry = _entries.GetOrAdd(key, _ => new Entry());
            lock (entry)
            {
                if (!entry.Removed)
                {
                    entry.Users++;
                    break;
                }
            }
        }

        try
        {
            await entry.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }

        return new Releaser(() => Release(key, entry, held: true));
    }

    private void Release(string key, Entry entry, bool held)
    {
        if (held)
        {
            entry.Semaphore.Release();
        }

        lock (entry)
        {
            if (--entry.Users == 0)
            {
                entry.Removed = true;
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int Users { get; set; }
        public bool Removed { get; set; }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
