using System.Diagnostics;
using System.Globalization;
using KepOffice.Core.Data;
using KepOffice.Core.Protection;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Runtime;
using KepOffice.Workflows.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KepOffice.Benchmarks.Workflows;

/// <summary>
/// The workflow runtime on a real PostgreSQL server (KEPOFFICE_TEST_PG or --pg CONNECTION, a fresh database each run),
/// called in-process through WorkflowInstanceService and HumanTaskService so that no HTTP cost hides the engine:
/// human-task round trip (complete a task → the next task is committed) at 1 and 16 concurrent clients, and
/// instances started per second. Targets on a 2-core machine: p95 &lt; 50 ms and ≥ 300 completions/s at 16 clients.
/// With --workflow-url the same round trips are then measured through the REST API of a running server
/// (<see cref="WorkflowHttpBenchmark"/>).
/// </summary>
internal static class WorkflowRuntimeBenchmark
{
    private const string DefinitionId = "bench-two-tasks";
    private static readonly WorkflowActor Operator = new("bench-operator", "Оператор", ["Operator"]);
    private static readonly WorkflowActor Manager = new("bench-manager", "Руководитель", ["Manager"]);

    public static async Task RunAsync(string[] args, bool quick = false)
    {
        var concurrent = quick ? 400 : 1600;
        var serial = quick ? 100 : 300;
        Results.Header($"Workflow runtime on PostgreSQL, in-process ({serial} serial and {concurrent} concurrent round trips)");
        var adminConnection = PostgresConnection(args);
        var database = "kep_bench_" + Guid.NewGuid().ToString("N")[..12];
        BenchmarkDatabase = database;
        await ExecuteAsync(adminConnection, $"CREATE DATABASE \"{database}\"");
        var connectionString = DatabaseSettings.WithPreparedStatements(
            new NpgsqlConnectionStringBuilder(adminConnection) { Database = database, MaxPoolSize = 64 }.ConnectionString); // as a node configures it
        try
        {
            var services = new ServiceCollection();
            var protection = BenchmarkProtection.Create();
            services.AddDbContextPool<PostgresKepOfficeDbContext>(o => o.UseNpgsql(connectionString).UsePersonalDataProtection(protection)); // as a node registers it
            // --max-transactions N compares admission limits (0: none); without it, the node's default.
            var admission = Argument(args, "--max-transactions") is { } limit ? int.Parse(limit, CultureInfo.InvariantCulture) : (int?)null;
            services.AddWorkflows<PostgresKepOfficeDbContext>(o => o.MaxConcurrentTransactions = admission ?? o.MaxConcurrentTransactions);
            await using var provider = services.BuildServiceProvider();
            await using (var scope = provider.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<PostgresKepOfficeDbContext>().Database.MigrateAsync();
                await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().ImportAsync(Definition, Manager);
            }

            var engine = new Engine(provider);
            var (warmRounds, warmTime, jitRate) = await WarmUpAsync(engine, quick);
            Results.Line("warm-up (start + two completions per round, 16 clients) until the JIT settles",
                $"{warmRounds:N0} rounds in {warmTime.TotalSeconds:N1} s; then {jitRate:N0} methods/s compiled");

            var serialStart = await engine.StartManyAsync(serial, 1, "serial");
            var serialTasks = await engine.FirstTasksAsync(serialStart.Ids);
            var serialComplete = await engine.CompleteAllAsync(serialTasks, 1);

            var concurrentStart = await engine.StartManyAsync(concurrent, 16, "parallel");
            var concurrentTasks = await engine.FirstTasksAsync(concurrentStart.Ids);
            using var sampler = args.Contains("--allocations") ? new AllocationSampler() : null; // where the bytes of the 16-client completions go
            sampler?.Recording = true;
            var concurrentComplete = await engine.CompleteAllAsync(concurrentTasks, 16);
            sampler?.Recording = false;
            sampler?.Print(30);

            Results.Line("workflow transactions admitted at once (KepOffice:Workflows:MaxConcurrentTransactions)",
                provider.GetRequiredService<WorkflowsOptions>().MaxConcurrentTransactions is > 0 and var n ? n.ToString(CultureInfo.InvariantCulture) : "no limit");
            Results.Line("instances started, 1 client", serialStart.ToString());
            Results.Line("instances started, 16 clients", concurrentStart.ToString());
            Results.Line("task round trip (complete → next task), 1 client", serialComplete.ToString());
            Results.Line("task round trip (complete → next task), 16 clients", concurrentComplete.ToString());
            Results.Line("published: .NET/PostgreSQL workflow engine, 16 clients", "57.0 /s resumes, p95 > 4000 ms");
            Results.Line("published: Temporal, one serial workflow step", "≈ 50 ms");
            Results.Line("target p95 < 50 ms at 16 clients", concurrentComplete.P95 < TimeSpan.FromMilliseconds(50) ? "met" : "NOT met");
            Results.Line("target ≥ 300 completions/s at 16 clients", concurrentComplete.PerSecond >= 300 ? "met" : "NOT met");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(adminConnection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }

        if (Argument(args, "--workflow-url") is { } url)
        {
            var password = Argument(args, "--demo-password") ?? Environment.GetEnvironmentVariable("KEPOFFICE_DEMO_PASSWORD")
                ?? throw new InvalidOperationException("--workflow-url needs the demo accounts' password: --demo-password or KEPOFFICE_DEMO_PASSWORD.");
            await WorkflowHttpBenchmark.RunAsync(new Uri(url), password, serial, concurrent);
        }
    }

    /// <summary>
    /// A node serves for days: what counts is its steady state, not the first seconds in which tiered compilation recompiles
    /// the hot paths (tens of thousands of methods, at times half the process's CPU). Rounds of the measured operations run
    /// until fewer than 50 methods a second are compiled, or 40 s have passed (8 s with --quick).
    /// </summary>
    private static async Task<(int Rounds, TimeSpan Time, double JitRate)> WarmUpAsync(Engine engine, bool quick)
    {
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(quick ? 8 : 40);
        var rounds = 0;
        double rate;
        do
        {
            rate = await Results.JitRateDuringAsync(async () =>
            {
                var warm = await engine.StartManyAsync(200, 16, $"warm{rounds}");
                await engine.CompleteAllAsync(await engine.FirstTasksAsync(warm.Ids), 16);
                await engine.CompleteAllAsync(await engine.FirstTasksAsync(warm.Ids, "second"), 16);
            });
            rounds += 200;
        }
        while (rate >= 50 && clock.Elapsed < limit);

        return (rounds, clock.Elapsed, rate);
    }

    /// <summary>The database the backends to measure serve (their process title names it).</summary>
    private static string? BenchmarkDatabase { get; set; }

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string PostgresConnection(string[] args) =>
        Argument(args, "--pg") ?? (Environment.GetEnvironmentVariable("KEPOFFICE_TEST_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("Set KEPOFFICE_TEST_PG or pass --pg \"Host=…;Username=…;Database=postgres\" (./test.sh starts a server)."));

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture) + " ms";

    internal sealed record Measurement(double PerSecond, TimeSpan P50, TimeSpan P95, TimeSpan CpuPerOperation, TimeSpan? ServerCpuPerOperation, long AllocatedPerOperation, IReadOnlyList<Guid> Ids)
    {
        public override string ToString() =>
            $"{Results.Rate(PerSecond)}, p50 {Ms(P50)}, p95 {Ms(P95)}; CPU per operation: this process {Ms(CpuPerOperation)}"
            + (ServerCpuPerOperation is { } server ? $", PostgreSQL {Ms(server)}" : "")
            + $"; allocated {AllocatedPerOperation / 1024} KB per operation";
    }

    /// <summary>
    /// CPU time used so far by the local PostgreSQL backends serving the benchmark's database (from /proc), or null where
    /// that cannot be read. With the server on the same machine, app + server CPU per operation bounds the rate two cores
    /// can reach whatever else runs.
    /// </summary>
    internal static TimeSpan? PostgresCpu()
    {
        if (BenchmarkDatabase is not { } database)
        {
            return null;
        }

        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(directory), out _) || !File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(" " + database + " ", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we read it.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>Runs <paramref name="operation"/> over <paramref name="items"/> from <paramref name="clients"/> concurrent loops.</summary>
    internal static async Task<Measurement> MeasureAsync<T>(IReadOnlyList<T> items, int clients, Func<T, Task<Guid>> operation)
    {
        var latencies = new TimeSpan[items.Count];
        var ids = new Guid[items.Count];
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = PostgresCpu();
        var allocated = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < items.Count)
            {
                var started = Stopwatch.GetTimestamp();
                ids[index] = await operation(items[index]);
                latencies[index] = Stopwatch.GetElapsedTime(started);
            }
        })));
        var elapsed = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var serverCpuUsed = PostgresCpu() - serverCpu;
        Array.Sort(latencies);
        return new Measurement(items.Count / elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.95), cpu / items.Count, serverCpuUsed / items.Count, (GC.GetTotalAllocatedBytes() - allocated) / items.Count, ids);
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Drives the services as the API would: one DI scope per call.</summary>
    private sealed class Engine(IServiceProvider provider)
    {
        public Task<Measurement> StartManyAsync(int count, int clients, string prefix) =>
            MeasureAsync(Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D5}").ToList(), clients, async correlationId =>
            {
                await using var scope = provider.CreateAsyncScope();
                return (await scope.ServiceProvider.GetRequiredService<WorkflowInstanceService>().StartAsync(
                    DefinitionId, new StartWorkflowRequest { CorrelationId = correlationId }, Operator)).InstanceId;
            });

        public Task<Measurement> CompleteAllAsync(IReadOnlyList<Guid> taskIds, int clients) =>
            MeasureAsync(taskIds, clients, async taskId =>
            {
                await using var scope = provider.CreateAsyncScope();
                return (await scope.ServiceProvider.GetRequiredService<HumanTaskService>().CompleteAsync(taskId, new CompleteHumanTaskRequest("Done"), Operator)).Id;
            });

        public async Task<IReadOnlyList<Guid>> FirstTasksAsync(IReadOnlyList<Guid> instanceIds, string activityId = "first")
        {
            var result = new List<Guid>();
            await using var scope = provider.CreateAsyncScope();
            var tasks = scope.ServiceProvider.GetRequiredService<HumanTaskService>();
            foreach (var instanceId in instanceIds)
            {
                var page = await tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId }, Operator);
                result.Add(page.Items.Single(t => t.ActivityId == activityId && t.Status == HumanTaskStatus.Open).Id);
            }

            return result;
        }
    }

    internal const string Definition = """
        {
          "$schema": "../workflows/workflow.schema.json",
          "id": "bench-two-tasks",
          "name": "Две задачи подряд",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "first", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "Первая" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "second", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "Вторая" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "end", "type": "End" }
          ],
          "connections": [
            { "source": "start", "outcome": "Done", "target": "first" },
            { "source": "first", "outcome": "Done", "target": "second" },
            { "source": "second", "outcome": "Done", "target": "end" }
          ]
        }
        """;
}
