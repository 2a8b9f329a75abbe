using KepOffice.Workflows;
using KepOffice.Workflows.Tasks;
using Microsoft.EntityFrameworkCore;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

/// <summary>Real concurrency on a file SQLite database in WAL mode (and PostgreSQL when configured).</summary>
public sealed class WorkflowConcurrencyTests
{
    [Theory]
    [WorkflowDatabases]
    public async Task Burst_of_200_parallel_task_completions_leaves_no_stuck_bookmarks_and_resumes_each_once(TestDatabase database)
    {
        await using var host = await WorkflowTestHost.CreateAsync(database);
        await host.PublishAsync(Define("parallel",
            [
                Act("start", "Start"), Act("fork", "Fork", ("branches", Outcomes("a", "b"))),
                TaskStep("ta"), TaskStep("tb"), Act("join", "Join"), Act("end", "End"),
            ],
            [Link("start", "fork"), Link("fork", "ta", "a"), Link("fork", "tb", "b"), Link("ta", "join"), Link("tb", "join"), Link("join", "end")]));
        var instances = new List<Guid>();
        for (var i = 0; i < 100; i++)
        {
            instances.Add((await host.StartAsync("parallel", $"P-{i}")).InstanceId);
        }

        var tasks = (await host.Tasks.ListAsync(new HumanTaskQuery { Take = 500 }, WorkflowTestHost.Operator)).Items;
        Assert.Equal(200, tasks.Count);

        // Every tenth task is completed twice at the same moment by two operators: exactly one may win.
        var attempts = tasks.SelectMany((t, i) => i % 10 == 0 ? new[] { (t, WorkflowTestHost.Operator), (t, WorkflowTestHost.Operator2) } : [(t, WorkflowTestHost.Operator)])
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var succeeded = 0;
        var conflicts = 0;
        await Parallel.ForEachAsync(attempts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (attempt, ct) =>
        {
            try
            {
                await host.Tasks.CompleteAsync(attempt.t.Id, new CompleteHumanTaskRequest("Done"), attempt.Item2, ct);
                Interlocked.Increment(ref succeeded);
            }
            catch (WorkflowConflictException)
            {
                Interlocked.Increment(ref conflicts);
            }
        });

        Assert.Equal(200, succeeded);
        Assert.Equal(20, conflicts);
        Assert.Equal(0, await host.QueryAsync(db => db.Bookmarks.CountAsync()));
        Assert.Equal(200, await host.QueryAsync(db => db.Tasks.CountAsync(t => t.Status == HumanTaskStatus.Completed)));
        Assert.Equal(100, await host.QueryAsync(db => db.Instances.CountAsync(i => i.Status == WorkflowStatus.Finished)));
        var journal = await host.QueryAsync(db => db.Journal.Select(j => new { j.InstanceId, j.ActivityId, j.Status, j.Outcome }).ToListAsync());
        foreach (var id in instances)
        {
            var rows = journal.Where(j => j.InstanceId == id).ToList();
            Assert.Single(rows, r => r.ActivityId == "ta" && r.Status == JournalStatus.Completed);
            Assert.Single(rows, r => r.ActivityId == "tb" && r.Status == JournalStatus.Completed);
            Assert.Single(rows, r => r.ActivityId == "join" && r.Outcome == "Done");
            Assert.Single(rows, r => r.ActivityId == "end");
        }
    }

    [Theory]
    [WorkflowDatabases]
    public async Task Stimulus_racing_the_creation_of_its_bookmark_is_delivered_exactly_once(TestDatabase database)
    {
        await using var host = await WorkflowTestHost.CreateAsync(database);
        await host.PublishAsync(Sequence("race", TaskStep("check"), Act("paid", "WaitForStimulus", ("stimulus", Lit("payment-confirmed")))));
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await host.StartAsync("race", $"R-{i}")).InstanceId);
        }

        var tasks = (await host.Tasks.ListAsync(new HumanTaskQuery { Take = 500 }, WorkflowTestHost.Operator)).Items;
        await Parallel.ForEachAsync(tasks, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (task, ct) =>
        {
            await Task.WhenAll(
                Task.Run(() => host.Stimuli.SendAsync("payment-confirmed", task.CorrelationId!, null, ct), ct),
                Task.Run(() => host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Done"), WorkflowTestHost.Operator, ct), ct));
        });

        Assert.Equal(20, await host.QueryAsync(db => db.Instances.CountAsync(i => i.Status == WorkflowStatus.Finished)));
        Assert.Equal(0, await host.QueryAsync(db => db.Inbox.CountAsync()));
        Assert.Equal(0, await host.QueryAsync(db => db.Bookmarks.CountAsync()));
    }

    [Theory]
    [WorkflowDatabases]
    public async Task Concurrent_resumers_of_one_bookmark_exactly_one_wins(TestDatabase database)
    {
        await using var host = await WorkflowTestHost.CreateAsync(database);
        await host.PublishAsync(Sequence("once", Act("wait", "WaitForStimulus", ("stimulus", Lit("go"))), Act("count", "SetVariable", ("variable", Lit("n")), ("value", Js("(variables.n || 0) + 1")))));
        var id = (await host.StartAsync("once")).InstanceId;
        var bookmark = Assert.Single((await host.Instances.GetAsync(id)).Bookmarks);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => host.Engine.ResumeBookmarkAsync(bookmark.Id, null, null, CancellationToken.None))));
        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, (int)(await host.VariablesAsync(id))["n"]!);
        Assert.Single((await host.Instances.GetAsync(id)).Journal, j => j.ActivityId == "count");
    }

    [Theory]
    [WorkflowDatabases]
    public async Task Two_nodes_completing_the_same_tasks_resume_each_exactly_once(TestDatabase database)
    {
        await using var nodeA = await WorkflowTestHost.CreateAsync(database);
        await using var nodeB = await WorkflowTestHost.SecondNodeAsync(nodeA, "node-b");
        await nodeA.PublishAsync(Define("two-nodes",
            [
                Act("start", "Start"), Act("fork", "Fork", ("branches", Outcomes("a", "b"))),
                TaskStep("ta"), TaskStep("tb"), Act("join", "Join"),
                Act("count", "SetVariable", ("variable", Lit("joined")), ("value", Js("(variables.joined || 0) + 1"))), Act("end", "End"),
            ],
            [Link("start", "fork"), Link("fork", "ta", "a"), Link("fork", "tb", "b"), Link("ta", "join"), Link("tb", "join"), Link("join", "count"), Link("count", "end")]));
        var ids = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add((await (i % 2 == 0 ? nodeA : nodeB).StartAsync("two-nodes", $"N-{i}")).InstanceId);
        }

        var tasks = (await nodeA.Tasks.ListAsync(new HumanTaskQuery { Take = 500 }, WorkflowTestHost.Operator)).Items;
        Assert.Equal(50, tasks.Count);
        var succeeded = 0;
        var conflicts = 0;
        await Parallel.ForEachAsync(tasks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (task, ct) =>
        {
            var results = await Task.WhenAll(new[] { nodeA, nodeB }.Select(node => Task.Run(async () =>
            {
                try
                {
                    await node.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Done"), WorkflowTestHost.Operator, ct);
                    return true;
                }
                catch (WorkflowConflictException)
                {
                    return false;
                }
            }, ct)));
            Interlocked.Add(ref succeeded, results.Count(r => r));
            Interlocked.Add(ref conflicts, results.Count(r => !r));
        });

        Assert.Equal((50, 50), (succeeded, conflicts));
        Assert.Equal(0, await nodeA.QueryAsync(db => db.Bookmarks.CountAsync()));
        foreach (var id in ids)
        {
            Assert.Equal(1, (int)(await nodeA.VariablesAsync(id))["joined"]!);
            Assert.Equal(WorkflowStatus.Finished, (await nodeB.Instances.GetAsync(id)).Summary.Status);
        }
    }
}
