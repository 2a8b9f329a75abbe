using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using KepOffice.Core.Jobs;
using KepOffice.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KepOffice.IntegrationTests.WorkflowRuntime;

[Collection(NodesCollection.Name)]
public sealed class RecurringJobTests(ITestOutputHelper output)
{
    private const int Rounds = 6;
    private const string JobId = "workflow-recovery";

    [Fact]
    public async Task A_recurring_job_triggered_on_two_nodes_at_once_never_runs_on_both_at_the_same_time()
    {
        var database = PostgresDatabase.Create();
        using var nodeA = new KepOfficeNode(database).Started();
        using var nodeB = new KepOfficeNode(database).Started();
        var storages = new[] { nodeA.Services.GetRequiredService<JobStorage>(), nodeB.Services.GetRequiredService<JobStorage>() };
        // Each run is held 300 ms inside the job (after DisableConcurrentExecution took its lock): a slow run that the
        // next trigger would overlap if the lock did not hold across nodes.
        var probe = new ExecutionProbe(storages, TimeSpan.FromMilliseconds(300));
        GlobalJobFilters.Filters.Add(probe, order: 1000);
        try
        {
            var managers = new[] { nodeA.Services.GetRequiredService<IRecurringJobManagerV2>(), nodeB.Services.GetRequiredService<IRecurringJobManagerV2>() };
            var jobIds = new List<string>();
            for (var round = 0; round < Rounds; round++)
            {
                jobIds.AddRange(await Task.WhenAll(managers.Select(m => Task.Run(() => m.TriggerJob(JobId)))));
            }

            var monitoring = storages[1].GetMonitoringApi();
            var deadline = Stopwatch.StartNew();
            while (jobIds.Any(id => monitoring.JobDetails(id)?.History.FirstOrDefault()?.StateName is not ("Succeeded" or "Failed" or "Deleted"))
                   && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(200);
            }

            var details = jobIds.ToDictionary(id => id, id => monitoring.JobDetails(id));
            var runs = probe.Executions.Where(e => jobIds.Contains(e.JobId)).OrderBy(e => e.Start).ToList();
            var servers = details.Values.SelectMany(d => d.History).Where(h => h.StateName == "Processing")
                .Select(ServerOf).ToList();
            foreach (var run in runs)
            {
                var processing = details[run.JobId].History.Last(h => h.StateName == "Processing");
                output.WriteLine($"job {run.JobId}: processing since {processing.CreatedAt:HH:mm:ss.fff} on {ServerOf(processing)}, " +
                    $"executed {run.Start:HH:mm:ss.fff}–{run.End:HH:mm:ss.fff}, state {details[run.JobId].History[0].StateName}");
            }

            foreach (var (id, job) in details.Where(d => d.Value.History[0].StateName != "Succeeded"))
            {
                var state = job.History[0];
                output.WriteLine($"job {id}: {state.StateName} at {state.CreatedAt:HH:mm:ss.fff}: " +
                    (state.Data.TryGetValue("ExceptionDetails", out var error) ? error : state.Reason));
            }

            output.WriteLine($"{jobIds.Count} triggers of {JobId} on two nodes; runs per server: " +
                string.Join(", ", servers.GroupBy(s => s).Select(g => $"{g.Key} × {g.Count()}")));
            // Every trigger must have been fetched, run and succeeded. (Hangfire.PostgreSql once left triggers enqueued and
            // never fetched when its storage shared the node's connection string with automatic statement preparation on;
            // it gets a connection string without it since.)
            var neverFetched = details.Values.Count(d => d.History[0].StateName == "Enqueued" && d.History.All(h => h.StateName != "Processing"));
            Assert.True(neverFetched == 0, $"{neverFetched} triggers were never fetched");
            Assert.Equal(jobIds.Count, details.Values.Count(d => d.History[0].StateName == "Succeeded"));
            Assert.Equal(jobIds.Count, runs.Count);
            Assert.True(servers.Distinct().Count() >= 2, "both nodes should have executed some of the triggered runs");
            for (var i = 1; i < runs.Count; i++)
            {
                Assert.True(runs[i].Start >= runs[i - 1].End,
                    $"job {runs[i].JobId} started at {runs[i].Start:HH:mm:ss.fff} while job {runs[i - 1].JobId} ran until {runs[i - 1].End:HH:mm:ss.fff}");
            }
        }
        finally
        {
            GlobalJobFilters.Filters.Remove(probe);
        }
    }

    private static string ServerOf(Hangfire.Storage.Monitoring.StateHistoryDto state) =>
        state.Data.TryGetValue("ServerId", out var server) ? server : "?";

    /// <summary>Records when each run of <see cref="WorkflowJobs"/> on the given storages actually executes.</summary>
    private sealed class ExecutionProbe(IReadOnlyList<JobStorage> storages, TimeSpan hold) : IServerFilter
    {
        private const string StartKey = "probe-start";

        public ConcurrentBag<(string JobId, DateTime Start, DateTime End)> Executions { get; } = [];

        public void OnPerforming(PerformingContext context)
        {
            if (Watched(context))
            {
                context.Items[StartKey] = DateTime.UtcNow;
                Thread.Sleep(hold);
            }
        }

        public void OnPerformed(PerformedContext context)
        {
            if (Watched(context) && context.Items.TryGetValue(StartKey, out var start))
            {
                Executions.Add((context.BackgroundJob.Id, (DateTime)start, DateTime.UtcNow));
            }
        }

        private bool Watched(PerformContext context) =>
            context.BackgroundJob.Job.Type == typeof(WorkflowJobs) && storages.Any(s => ReferenceEquals(s, context.Storage));
    }
}
