using System.Text.Json.Nodes;
using KepOffice.Workflows;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class WorkflowRuntimeTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.InMemoryAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private FlakyActivity.Script Flaky => _host.Provider.GetRequiredService<FlakyActivity.Script>();

    private async Task CompleteAsync(Guid instanceId, string activityId, string outcome)
    {
        var task = Assert.Single(await _host.OpenTasksAsync(instanceId), t => t.ActivityId == activityId);
        await _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest(outcome), WorkflowTestHost.Operator);
    }

    [Fact]
    public async Task Fork_and_join_with_human_tasks_on_both_branches_and_loops_back()
    {
        var model = Define("parallel-review",
            [
                Act("start", "Start"),
                Act("fork", "Fork", ("branches", Outcomes("documents", "payment"))),
                TaskStep("docs", outcomes: ["Ok", "Redo"]),
                Act("fix", "SetVariable", ("variable", Lit("fixes")), ("value", Js("(variables.fixes || 0) + 1"))),
                TaskStep("pay", outcomes: ["Paid"]),
                Act("join", "Join"),
                TaskStep("review", role: "Manager", outcomes: ["Approve", "Again"]),
                Act("end", "End"),
            ],
            [
                Link("start", "fork"), Link("fork", "docs", "documents"), Link("fork", "pay", "payment"),
                Link("docs", "fix", "Redo"), Link("fix", "docs"), Link("docs", "join", "Ok"), Link("pay", "join", "Paid"),
                Link("join", "review"), Link("review", "fork", "Again"), Link("review", "end", "Approve"),
            ],
            Var("fixes"));
        await _host.PublishAsync(model);
        var id = (await _host.StartAsync("parallel-review")).InstanceId;
        Assert.Equal(["docs", "pay"], (await _host.OpenTasksAsync(id)).Select(t => t.ActivityId).Order());

        await CompleteAsync(id, "docs", "Redo");
        Assert.Equal(["docs", "pay"], (await _host.OpenTasksAsync(id)).Select(t => t.ActivityId).Order());
        await CompleteAsync(id, "pay", "Paid");
        Assert.Equal(["docs"], (await _host.OpenTasksAsync(id)).Select(t => t.ActivityId));
        await CompleteAsync(id, "docs", "Ok");
        var review = Assert.Single(await _host.OpenTasksAsync(id));
        Assert.Equal("review", review.ActivityId);
        await _host.Tasks.CompleteAsync(review.Id, new CompleteHumanTaskRequest("Again"), WorkflowTestHost.Manager);

        await CompleteAsync(id, "pay", "Paid");
        await CompleteAsync(id, "docs", "Ok");
        review = Assert.Single(await _host.OpenTasksAsync(id));
        await _host.Tasks.CompleteAsync(review.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Manager);

        var details = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Empty(details.Bookmarks);
        Assert.Equal(2, details.Journal.Count(j => j.ActivityId == "review"));
        Assert.Equal(2, details.Journal.Count(j => j.ActivityId == "join" && j.Outcome == "Done"));
        Assert.Equal(1, (int)(await _host.VariablesAsync(id))["fixes"]!);
    }

    [Fact]
    public async Task Starting_with_an_active_correlation_id_returns_the_existing_instance()
    {
        await _host.PublishAsync(Sequence("issuance", TaskStep("t")));
        var first = await _host.StartAsync("issuance", "APP-1");
        var again = await _host.StartAsync("issuance", "APP-1");
        var other = await _host.StartAsync("issuance", "APP-2");
        Assert.True(first.Created);
        Assert.Equal((first.InstanceId, false), (again.InstanceId, again.Created));
        Assert.NotEqual(first.InstanceId, other.InstanceId);

        await CompleteAsync(first.InstanceId, "t", "Done");
        var afterFinish = await _host.StartAsync("issuance", "APP-1");
        Assert.True(afterFinish.Created);
        Assert.NotEqual(first.InstanceId, afterFinish.InstanceId);
    }

    [Fact]
    public async Task Stimulus_sent_before_the_bookmark_waits_in_the_inbox()
    {
        await _host.PublishAsync(Sequence("early", TaskStep("check"), Act("paid", "WaitForStimulus", ("stimulus", Lit("payment-confirmed")))));
        var id = (await _host.StartAsync("early", "APP-5")).InstanceId;

        var sent = await _host.Stimuli.SendAsync("payment-confirmed", "APP-5", new JsonObject { ["sum"] = 100 });
        Assert.Equal(new StimulusDeliveryResult(0, true), sent);
        Assert.Equal(1, await _host.QueryAsync(db => db.Inbox.CountAsync()));

        await CompleteAsync(id, "check", "Done");
        var details = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Equal(0, await _host.QueryAsync(db => db.Inbox.CountAsync()));
        Assert.Empty(details.Bookmarks);
    }

    [Fact]
    public async Task Expired_inbox_stimuli_are_not_delivered_and_are_purged()
    {
        await _host.PublishAsync(Sequence("late", Act("paid", "WaitForStimulus", ("stimulus", Lit("payment-confirmed")))));
        await _host.Stimuli.SendAsync("payment-confirmed", "APP-6");
        _host.Time.Advance(TimeSpan.FromDays(8));
        var id = (await _host.StartAsync("late", "APP-6")).InstanceId;
        Assert.Equal(WorkflowStatus.Suspended, (await _host.Instances.GetAsync(id)).Summary.Status);
        Assert.Equal(1, await _host.Maintenance.PurgeExpiredInboxAsync());
    }

    [Fact]
    public async Task Resume_by_bookmark_id_burns_the_bookmark()
    {
        await _host.PublishAsync(Sequence("by-id", Act("wait", "WaitForStimulus", ("stimulus", Lit("go")))));
        var id = (await _host.StartAsync("by-id")).InstanceId;
        var bookmark = Assert.Single((await _host.Instances.GetAsync(id)).Bookmarks);
        await _host.Instances.ResumeBookmarkAsync(bookmark.Id, null, WorkflowTestHost.Operator);
        Assert.Equal(WorkflowStatus.Finished, (await _host.Instances.GetAsync(id)).Summary.Status);
        var ex = await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Instances.ResumeBookmarkAsync(bookmark.Id, null));
        Assert.Equal("Закладка уже использована или не существует.", ex.Message);
    }

    [Fact]
    public async Task Failing_activity_is_retried_with_back_off_then_raises_an_incident_that_a_manager_retries()
    {
        Flaky.FailuresLeft = 5;
        await _host.PublishAsync(Sequence("flaky", Act("call", "Flaky")));
        var id = (await _host.StartAsync("flaky")).InstanceId;

        var retry = Assert.Single((await _host.Instances.GetAsync(id)).Bookmarks);
        Assert.Equal(("retry", _host.Time.GetUtcNow().AddSeconds(10)), (retry.Name, retry.DueAt!.Value));
        _host.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await _host.Maintenance.ResumeDueTimersAsync());

        retry = Assert.Single((await _host.Instances.GetAsync(id)).Bookmarks);
        Assert.Equal(_host.Time.GetUtcNow().AddSeconds(20), retry.DueAt);
        _host.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, await _host.Maintenance.ResumeDueTimersAsync());
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _host.Maintenance.ResumeDueTimersAsync());

        var faulted = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Faulted, faulted.Summary.Status);
        Assert.Empty(faulted.Bookmarks);
        var incident = Assert.Single(faulted.Incidents);
        Assert.Equal(("call", "System.TimeoutException", 3), (incident.ActivityId, incident.ExceptionType, incident.Attempts));
        Assert.Equal([1, 2, 3], faulted.Journal.Where(j => j.ActivityId == "call").Select(j => j.Attempt));
        Assert.All(faulted.Journal.Where(j => j.ActivityId == "call"), j => Assert.Equal(JournalStatus.Faulted, j.Status));
        Assert.DoesNotContain(faulted.Journal, j => j.ExceptionType?.Contains("Иванов", StringComparison.Ordinal) == true);

        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _host.Instances.RetryIncidentAsync(id, WorkflowTestHost.Operator));
        Flaky.FailuresLeft = 0;
        await _host.Instances.RetryIncidentAsync(id, WorkflowTestHost.Manager);
        var recovered = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Finished, recovered.Summary.Status);
        Assert.Equal(("Retried", "mgr-1"), (recovered.Incidents[0].Resolution, recovered.Incidents[0].ResolvedBy));
        Assert.Equal(4, Flaky.Calls);
        await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Instances.RetryIncidentAsync(id, WorkflowTestHost.Manager));
    }

    [Fact]
    public async Task An_activity_with_its_own_retry_policy_follows_it_instead_of_the_hosts()
    {
        Flaky.FailuresLeft = 100;
        await _host.PublishAsync(Sequence("at-once", Act("call", "Flaky") with { Retry = new WorkflowRetryModel { MaxAttempts = 1 } }));
        await _host.PublishAsync(Sequence("patient", Act("call", "Flaky") with { Retry = new WorkflowRetryModel { MaxAttempts = 5, InitialDelay = "PT2S", Multiplier = 3, MaxDelay = "PT30S" } }));

        var atOnce = await _host.Instances.GetAsync((await _host.StartAsync("at-once")).InstanceId);
        var callsAtOnce = Flaky.Calls;
        var patient = (await _host.StartAsync("patient")).InstanceId;
        var delays = new List<TimeSpan>();
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            var retry = Assert.Single((await _host.Instances.GetAsync(patient)).Bookmarks);
            delays.Add(retry.DueAt!.Value - _host.Time.GetUtcNow());
            _host.Time.Advance(retry.DueAt.Value - _host.Time.GetUtcNow());
            Assert.Equal(1, await _host.Maintenance.ResumeDueTimersAsync());
        }

        var faulted = await _host.Instances.GetAsync(patient);
        Assert.Equal(WorkflowStatus.Faulted, atOnce.Summary.Status);
        Assert.Equal(1, Assert.Single(atOnce.Incidents).Attempts);
        Assert.Empty(atOnce.Bookmarks);
        Assert.Equal(1, callsAtOnce);
        // 2 s, then × 3, capped at 30 s; the host's own policy (3 attempts, 10 s then 20 s) plays no part.
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(30)], delays);
        Assert.Equal(WorkflowStatus.Faulted, faulted.Summary.Status);
        Assert.Equal(5, Assert.Single(faulted.Incidents).Attempts);
        Assert.Equal(6, Flaky.Calls);
    }

    [Fact]
    public async Task Work_done_on_a_faulted_instance_waits_for_the_incident_retry()
    {
        Flaky.FailuresLeft = 100;
        await _host.PublishAsync(Define("half-broken",
            [Act("start", "Start"), Act("fork", "Fork", ("branches", Outcomes("auto", "human"))), Act("call", "Flaky"), TaskStep("t"), Act("join", "Join"), Act("end", "End")],
            [Link("start", "fork"), Link("fork", "call", "auto"), Link("fork", "t", "human"), Link("call", "join"), Link("t", "join"), Link("join", "end")]));
        var id = (await _host.StartAsync("half-broken")).InstanceId;
        for (var i = 0; i < 2; i++)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(5));
            await _host.Maintenance.ResumeDueTimersAsync();
        }

        Assert.Equal(WorkflowStatus.Faulted, (await _host.Instances.GetAsync(id)).Summary.Status);
        await CompleteAsync(id, "t", "Done");
        var waiting = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Faulted, waiting.Summary.Status);
        Assert.Equal(JournalStatus.Suspended, waiting.Journal.Single(j => j.ActivityId == "t").Status);

        Flaky.FailuresLeft = 0;
        await _host.Instances.RetryIncidentAsync(id, WorkflowTestHost.Manager);
        var done = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Finished, done.Summary.Status);
        Assert.Single(done.Journal, j => j.ActivityId == "join" && j.Outcome == "Done");
    }

    [Fact]
    public async Task Manager_can_cancel_a_faulted_instance()
    {
        Flaky.FailuresLeft = 100;
        await _host.PublishAsync(Sequence("cancel-me", Act("call", "Flaky")));
        var id = (await _host.StartAsync("cancel-me", "C-1")).InstanceId;
        for (var i = 0; i < 2; i++)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(5));
            await _host.Maintenance.ResumeDueTimersAsync();
        }

        Assert.Equal(WorkflowStatus.Faulted, (await _host.Instances.GetAsync(id)).Summary.Status);
        await _host.Instances.CancelAsync(id, WorkflowTestHost.Manager);
        var details = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Cancelled, details.Summary.Status);
        Assert.Equal("Cancelled", Assert.Single(details.Incidents).Resolution);
        Assert.True((await _host.StartAsync("cancel-me", "C-1")).Created);
    }

    [Fact]
    public async Task Cancelling_a_waiting_instance_cancels_its_tasks_and_bookmarks()
    {
        await _host.PublishAsync(Sequence("waiting", TaskStep("t")));
        var id = (await _host.StartAsync("waiting")).InstanceId;
        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _host.Instances.CancelAsync(id, WorkflowTestHost.Operator));
        await _host.Instances.CancelAsync(id, WorkflowTestHost.Manager);
        Assert.Empty(await _host.OpenTasksAsync(id));
        Assert.Equal(0, await _host.QueryAsync(db => db.Bookmarks.CountAsync()));
        await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Instances.CancelAsync(id, WorkflowTestHost.Manager));
    }

    [Fact]
    public async Task Instance_left_running_by_a_dead_node_is_recovered_after_its_lease_expires()
    {
        await _host.PublishAsync(Sequence("crash", Act("set", "SetVariable", ("variable", Lit("x")), ("value", Lit(1)))));
        // The node commits the instance with its queued work, then dies before running it.
        var (id, _) = await _host.Engine.StartAsync("crash", null, null, null, "op-1", run: false, CancellationToken.None);
        var stuck = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Running, stuck.Summary.Status);
        Assert.Empty(stuck.Journal);

        Assert.Equal(0, await _host.Maintenance.RecoverStaleInstancesAsync());
        _host.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await _host.Maintenance.RecoverStaleInstancesAsync());
        var details = await _host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Equal(["start", "set", "end"], details.Journal.Select(j => j.ActivityId));
        Assert.Equal(0, await _host.Maintenance.RecoverStaleInstancesAsync());
    }

    [Fact]
    public async Task Long_runs_commit_in_several_transactions_and_endless_loops_become_incidents()
    {
        await using var host = await WorkflowTestHost.InMemoryAsync(o =>
        {
            o.MaxActivitiesPerTransaction = 3;
            o.MaxActivitiesWithoutWait = 200;
        });
        var model = Define("loop",
            [
                Act("start", "Start"),
                Act("inc", "SetVariable", ("variable", Lit("i")), ("value", Js("(variables.i || 0) + 1"))),
                Act("again", "Decision", ("condition", Js("i < variables.limit"))),
                Act("end", "End"),
            ],
            [Link("start", "inc"), Link("inc", "again"), Link("again", "inc", "True"), Link("again", "end", "False")],
            Var("i"), Var("limit"));
        await host.PublishAsync(model);

        var finite = (await host.StartAsync("loop", input: new JsonObject { ["limit"] = 20 })).InstanceId;
        Assert.Equal(WorkflowStatus.Finished, (await host.Instances.GetAsync(finite)).Summary.Status);
        Assert.Equal(20, (int)(await host.VariablesAsync(finite))["i"]!);

        var endless = (await host.StartAsync("loop", input: new JsonObject { ["limit"] = 1_000_000 })).InstanceId;
        var details = await host.Instances.GetAsync(endless);
        Assert.Equal(WorkflowStatus.Faulted, details.Summary.Status);
        Assert.Equal("KepOffice.Workflows.Runtime.RunawayWorkflowException", Assert.Single(details.Incidents).ExceptionType);
    }

    [Fact]
    public async Task Instance_list_pages_and_filters_without_the_state_document()
    {
        await _host.PublishAsync(Sequence("listed", TaskStep("t")));
        for (var i = 0; i < 5; i++)
        {
            await _host.StartAsync("listed", $"L-{i}");
        }

        var page = await _host.Instances.ListAsync(new WorkflowInstanceQuery { DefinitionId = "listed", Status = WorkflowStatus.Suspended, Skip = 1, Take = 2 });
        Assert.Equal((5, 2), (page.Total, page.Items.Count));
        Assert.Single((await _host.Instances.ListAsync(new WorkflowInstanceQuery { CorrelationId = "L-3" })).Items);
    }
}
