using System.Text.Json.Nodes;
using KepOffice.Workflows;
using KepOffice.Workflows.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

/// <summary>The queries and locks that differ between providers: time comparisons, search, advisory locks, unique indexes.</summary>
public sealed class WorkflowProviderTests
{
    [Theory]
    [WorkflowDatabases]
    public async Task Timers_tasks_escalation_and_search_work_on_the_provider(TestDatabase database)
    {
        await using var host = await WorkflowTestHost.CreateAsync(database);
        await host.Definitions.ImportAsync(File.ReadAllText(WorkflowTestHost.SamplePath("document-check.json")), WorkflowTestHost.Manager);
        Assert.False((await host.Definitions.ImportAsync(File.ReadAllText(WorkflowTestHost.SamplePath("document-check.json")), WorkflowTestHost.Manager)).Changed);
        await host.PublishAsync(Sequence("pause", Act("wait", "Delay", ("duration", Lit("PT1H"))), TaskStep("t", extra: [("dueIn", Lit("PT2H")), ("escalationRole", Lit("Manager"))])));

        var doc = await host.StartAsync("document-check", "ЗАЯВ-2026-77", new JsonObject { ["applicantEmail"] = "a@b.ru" });
        Assert.False((await host.StartAsync("document-check", "ЗАЯВ-2026-77")).Created);
        var paused = (await host.StartAsync("pause", "P-1")).InstanceId;

        var found = (await host.Tasks.ListAsync(new HumanTaskQuery { Search = "заяв-2026" }, WorkflowTestHost.Operator)).Items;
        Assert.Equal(doc.InstanceId, Assert.Single(found).InstanceId);

        host.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(1, await host.Maintenance.ResumeDueTimersAsync());
        var task = Assert.Single(await host.OpenTasksAsync(paused));
        host.Time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(2, (await host.Tasks.ListAsync(new HumanTaskQuery { OverdueOnly = true }, WorkflowTestHost.Operator)).Total);
        Assert.Equal(2, (await host.Maintenance.EscalateOverdueTasksAsync()).Count);
        Assert.Empty(await host.Maintenance.EscalateOverdueTasksAsync());

        await host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Done"), WorkflowTestHost.Operator);
        var details = await host.Instances.GetAsync(paused);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Equal(["start", "wait", "t", "end"], details.Journal.Select(j => j.ActivityId));
    }

    [Theory]
    [WorkflowDatabases]
    public async Task Retries_incidents_and_stale_recovery_work_on_the_provider(TestDatabase database)
    {
        await using var host = await WorkflowTestHost.CreateAsync(database);
        host.Provider.GetRequiredService<FlakyActivity.Script>().FailuresLeft = 3;
        await host.PublishAsync(Sequence("flaky", Act("call", "Flaky")));
        var id = (await host.StartAsync("flaky")).InstanceId;
        for (var i = 0; i < 2; i++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, await host.Maintenance.ResumeDueTimersAsync());
        }

        Assert.Equal(WorkflowStatus.Faulted, (await host.Instances.GetAsync(id)).Summary.Status);
        await host.Instances.RetryIncidentAsync(id, WorkflowTestHost.Manager);
        Assert.Equal(WorkflowStatus.Finished, (await host.Instances.GetAsync(id)).Summary.Status);

        var (stuck, _) = await host.Engine.StartAsync("flaky", null, "S-1", null, null, run: false, CancellationToken.None);
        Assert.Equal(0, await host.Maintenance.RecoverStaleInstancesAsync());
        host.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await host.Maintenance.RecoverStaleInstancesAsync());
        Assert.Equal(WorkflowStatus.Finished, (await host.Instances.GetAsync(stuck)).Summary.Status);

        var page = await host.Instances.ListAsync(new WorkflowInstanceQuery { DefinitionId = "flaky", Status = WorkflowStatus.Finished });
        Assert.Equal(2, page.Total);
    }
}
