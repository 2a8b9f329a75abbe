using System.Net;
using KepOffice.IntegrationTests.Support;
using KepOffice.IntegrationTests.Workflows;
using Xunit.Abstractions;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.WorkflowRuntime;

[Collection(NodesCollection.Name)]
public sealed class TwoNodeTests(ITestOutputHelper output)
{
    private const int Instances = 50;

    [Fact]
    public async Task Both_branches_completed_on_two_nodes_at_once_continue_the_join_exactly_once()
    {
        var database = PostgresDatabase.Create();
        using var nodeA = new KepOfficeNode(database).Started();
        using var nodeB = new KepOfficeNode(database).Started();
        var manager = await nodeA.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorA = await nodeA.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var operatorB = await nodeB.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var definitionId = "fork-" + Guid.NewGuid().ToString("N")[..12];
        (await ImportAsync(manager, TestDefinitions.ForkJoin(definitionId))).EnsureSuccessStatusCode();
        var instances = await Task.WhenAll(Enumerable.Range(0, Instances).Select(i => StartAsync(i % 2 == 0 ? operatorA : operatorB, definitionId, $"FORK-{i:D3}")));
        var branches = (await WorkflowTables.SnapshotAsync(nodeA.Services)).Tasks;

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = instances.SelectMany(id => new[]
            {
                (Client: operatorA, Task: branches.Single(t => t.InstanceId == id && t.ActivityId == "left-task")),
                (Client: operatorB, Task: branches.Single(t => t.InstanceId == id && t.ActivityId == "right-task")),
            })
            .Select(async r =>
            {
                await gate.Task;
                return (await CompleteAsync(r.Client, r.Task.Id, "Done")).StatusCode;
            })
            .ToList();
        gate.SetResult();
        var results = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromMinutes(2));
        var snapshot = await WorkflowTables.SnapshotAsync(nodeB.Services);

        output.WriteLine($"{Instances} instances, {results.Length} completions split over two nodes: " +
            $"{results.Count(r => r == HttpStatusCode.OK)} OK; 'after' tasks: {snapshot.Tasks.Count(t => t.ActivityId == "after")}; " +
            $"join continuations: {snapshot.Journal.Count(j => j is { ActivityId: "join", Outcome: "Done" })}");
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r));
        Assert.All(instances, id =>
        {
            var after = Assert.Single(snapshot.Tasks, t => t.InstanceId == id && t.ActivityId == "after");
            Assert.Equal("Open", after.Status);
            Assert.Single(snapshot.Journal, j => j.InstanceId == id && j is { ActivityId: "join", Outcome: "Done" });
            Assert.Equal(2, snapshot.Journal.Count(j => j.InstanceId == id && j is { ActivityId: "join", Status: "Completed" }));
            Assert.Single(snapshot.Journal, j => j.InstanceId == id && j.ActivityId == "after");
            Assert.Equal(2, snapshot.Tasks.Count(t => t.InstanceId == id && t.Status == "Completed"));
            Assert.Equal(after.BookmarkId, Assert.Single(snapshot.Bookmarks, b => b.InstanceId == id).Id);
            Assert.Equal("Suspended", snapshot.Instances.Single(i => i.Id == id).Status);
        });
    }
}
