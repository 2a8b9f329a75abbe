using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using Xunit.Abstractions;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.WorkflowRuntime;

public sealed class BurstTests(ITestOutputHelper output)
{
    private const int Instances = 200;
    private const int Clients = 16;

    // SQLite passes too (all 400 answers right, every instance advanced once) but takes ≈ 45 s of the suite's budget on
    // two cores; the single-writer provider is not what this proof is about.
    [Theory]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Two_hundred_tasks_completed_twice_at_once_from_16_clients_advance_every_instance_exactly_once(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword)));
        var definitionId = "burst-" + Guid.NewGuid().ToString("N")[..12];
        (await ImportAsync(manager, RuntimeDefinitions.TwoTasks(definitionId))).EnsureSuccessStatusCode();

        var clock = Stopwatch.StartNew();
        var instances = await Task.WhenAll(Enumerable.Range(0, Instances).Select(i => StartAsync(clients[i % Clients], definitionId, $"BURST-{i:D4}")));
        var started = clock.Elapsed;
        var firstTasks = (await WorkflowTables.SnapshotAsync(app.Services)).Tasks.Where(t => t.ActivityId == "first").ToList();

        // Every task is completed by two clients at the same moment: 400 requests in flight together.
        clock.Restart();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = firstTasks.SelectMany((t, i) => new[] { (t.Id, Client: i % Clients), (t.Id, Client: (i + Clients / 2) % Clients) })
            .Select(async a =>
            {
                await gate.Task;
                return (a.Id, (await CompleteAsync(clients[a.Client], a.Id, "Done")).StatusCode);
            })
            .ToList();
        gate.SetResult();
        var firstRound = await Task.WhenAll(attempts);
        var completed = clock.Elapsed;
        var secondRound = await Task.WhenAll(firstTasks.Select((t, i) => CompleteAsync(clients[i % Clients], t.Id, "Done")));
        var snapshot = await WorkflowTables.SnapshotAsync(app.Services);
        var openTasks = await OpenTasksOfAsync(clients[0], instances);

        output.WriteLine($"{provider}: {Instances} instances started in {started.TotalSeconds:F2} s; {firstRound.Length} completions " +
            $"({Clients} clients) in {completed.TotalSeconds:F2} s = {firstRound.Length / completed.TotalSeconds:F0} requests/s; " +
            $"OK {firstRound.Count(r => r.StatusCode == HttpStatusCode.OK)}, 409 {firstRound.Count(r => r.StatusCode == HttpStatusCode.Conflict)}");
        Assert.Equal(Instances, instances.Distinct().Count());
        Assert.Equal(Instances, firstTasks.Count);
        Assert.All(firstRound.GroupBy(r => r.Id), pair =>
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], pair.Select(r => r.StatusCode).Order()));
        Assert.All(secondRound, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.All(instances, id =>
        {
            var tasks = snapshot.Tasks.Where(t => t.InstanceId == id).ToList();
            var first = Assert.Single(tasks, t => t.ActivityId == "first");
            var second = Assert.Single(tasks, t => t.ActivityId == "second");
            var bookmark = Assert.Single(snapshot.Bookmarks, b => b.InstanceId == id);
            Assert.Equal(("Completed", "Done"), (first.Status, first.Outcome));
            Assert.Equal("Open", second.Status);
            Assert.Equal((second.BookmarkId, "second"), (bookmark.Id, bookmark.ActivityId));
            Assert.Single(snapshot.Journal, j => j.InstanceId == id && j is { ActivityId: "first", Status: "Completed" });
            Assert.Single(snapshot.Journal, j => j.InstanceId == id && j.ActivityId == "second");
            Assert.Equal(("Suspended", null), snapshot.Instances.Where(i => i.Id == id).Select(i => (i.Status, i.LeaseOwner)).Single());
        });
        Assert.DoesNotContain(snapshot.Bookmarks, b => snapshot.Tasks.Any(t => t.BookmarkId == b.Id && t.Status != "Open"));
        Assert.Equal(instances.Order(), openTasks.Where(t => t.ActivityId == "second").Select(t => t.InstanceId).Order());
        Assert.DoesNotContain(openTasks, t => t.ActivityId == "first");
    }

    private static async Task<List<(Guid InstanceId, string ActivityId)>> OpenTasksOfAsync(HttpClient client, Guid[] instances)
    {
        var all = new List<(Guid, string)>();
        for (var skip = 0; ; skip += 500)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/tasks?filter=all&take=500&skip={skip}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items.Select(t => (t.GetProperty("instanceId").GetGuid(), t.GetProperty("activityId").GetString()!)));
            if (items.Count < 500)
            {
                break;
            }
        }

        var wanted = instances.ToHashSet();
        return all.Where(t => wanted.Contains(t.Item1)).ToList();
    }
}
