using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Runtime;
using KepOffice.Workflows.Tasks;
using Microsoft.EntityFrameworkCore;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class WorkflowMigrationTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.InMemoryAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static WorkflowDefinitionModel V1 => Sequence("approval", TaskStep("review", outcomes: ["Approve"]));

    /// <summary>V1 with a second approval by a manager after the review.</summary>
    private static WorkflowDefinitionModel V2 => Sequence("approval",
        TaskStep("review", outcomes: ["Approve"]), TaskStep("recheck", role: "Manager") with { DisplayName = "Повторная проверка" });

    /// <summary>The review replaced by a differently named task.</summary>
    private static WorkflowDefinitionModel WithoutReview => Sequence("approval", TaskStep("check", outcomes: ["Approve"]));

    private WorkflowMigrationRequest Request(int from, int to, params Guid[] ids) => new("approval", from, to, ids);

    [Fact]
    public async Task Instance_waiting_in_a_task_moves_to_the_new_version_and_goes_through_the_added_step()
    {
        await _host.PublishAsync(V1);
        var instance = (await _host.StartAsync("approval", "A-1")).InstanceId;
        await _host.PublishAsync(V2);

        var result = Assert.Single(await _host.Migrations.MigrateAsync(Request(1, 2, instance), WorkflowTestHost.Manager));
        var review = Assert.Single(await _host.OpenTasksAsync(instance));
        await _host.Tasks.CompleteAsync(review.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator);
        var recheck = Assert.Single(await _host.OpenTasksAsync(instance));
        await _host.Tasks.CompleteAsync(recheck.Id, new CompleteHumanTaskRequest("Done"), WorkflowTestHost.Manager);
        var details = await _host.Instances.GetAsync(instance);

        Assert.Equal((instance, true, (string?)null), (result.InstanceId, result.Migrated, result.Reason));
        Assert.Equal(("recheck", "Manager"), (recheck.ActivityId, recheck.Role));
        Assert.Equal((2, WorkflowStatus.Finished), (details.Summary.DefinitionVersion, details.Summary.Status));
        var migration = Assert.Single(details.Journal, j => j.ActivityType == WorkflowMigrationService.JournalActivityType);
        Assert.Equal((WorkflowMigrationService.JournalActivityId, "1 → 2", "mgr-1"), (migration.ActivityId, migration.Outcome, migration.ActorId));
        Assert.True(migration.Sequence < details.Journal.Single(j => j.ActivityId == "recheck" && j.Status == JournalStatus.Completed).Sequence);
    }

    [Fact]
    public async Task Instance_whose_waiting_activity_is_missing_in_the_target_is_refused_and_nothing_changes()
    {
        await _host.PublishAsync(V1);
        var instance = (await _host.StartAsync("approval", "A-2")).InstanceId;
        await _host.PublishAsync(WithoutReview);
        var before = await _host.QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance));

        var result = Assert.Single(await _host.Migrations.MigrateAsync(Request(1, 2, instance), WorkflowTestHost.Manager));
        var after = await _host.QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance));
        var details = await _host.Instances.GetAsync(instance);

        Assert.False(result.Migrated);
        Assert.Equal("Шага «review», в котором ждёт экземпляр, нет в версии 2.", result.Reason);
        Assert.Equal((1, before.Version, before.JournalCount), (after.DefinitionVersion, after.Version, after.JournalCount));
        Assert.DoesNotContain(details.Journal, j => j.ActivityType == WorkflowMigrationService.JournalActivityType);
    }

    [Fact]
    public async Task Activity_of_another_type_under_the_same_id_is_refused_with_both_types()
    {
        await _host.PublishAsync(V1);
        var instance = (await _host.StartAsync("approval", "A-3")).InstanceId;
        await _host.PublishAsync(Sequence("approval", Act("review", "Delay", ("duration", Lit("PT1H")))));

        var result = Assert.Single(await _host.Migrations.MigrateAsync(Request(1, 2, instance), WorkflowTestHost.Manager));

        Assert.Equal("Шаг «review» в версии 2 имеет тип Delay вместо HumanTask.", result.Reason);
    }

    [Fact]
    public async Task Each_instance_gets_its_own_result_and_wrong_version_finished_and_unknown_ones_are_refused()
    {
        await _host.PublishAsync(V1);
        var movable = (await _host.StartAsync("approval", "B-1")).InstanceId;
        var finished = (await _host.StartAsync("approval", "B-2")).InstanceId;
        var task = Assert.Single(await _host.OpenTasksAsync(finished));
        await _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator);
        await _host.PublishAsync(V2);
        var onV2 = (await _host.StartAsync("approval", "B-3")).InstanceId;
        var unknown = Guid.NewGuid();

        var results = await _host.Migrations.MigrateAsync(Request(1, 2, movable, finished, onV2, unknown, movable), WorkflowTestHost.Manager);

        Assert.Equal(
            [
                (movable, true, null),
                (finished, false, "Экземпляр уже завершён или отменён."),
                (onV2, false, "Экземпляр идёт по версии 2, а не 1."),
                (unknown, false, "Экземпляр процесса не найден."),
            ],
            results.Select(r => (r.InstanceId, r.Migrated, r.Reason)));
    }

    [Fact]
    public async Task Target_must_be_published_and_the_request_well_formed_and_the_user_a_manager()
    {
        await _host.PublishAsync(V1);
        var instance = (await _host.StartAsync("approval", "C-1")).InstanceId;
        await _host.Definitions.SaveDraftAsync(V2, WorkflowTestHost.Manager);

        var draft = await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Migrations.MigrateAsync(Request(1, 2, instance), WorkflowTestHost.Manager));
        var missing = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.Migrations.MigrateAsync(Request(1, 7, instance), WorkflowTestHost.Manager));
        var same = await Assert.ThrowsAsync<WorkflowValidationException>(() => _host.Migrations.MigrateAsync(Request(1, 1), WorkflowTestHost.Manager));
        var operatorTry = await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _host.Migrations.MigrateAsync(Request(1, 2, instance), WorkflowTestHost.Operator));

        Assert.Contains("не опубликована", draft.Message);
        Assert.Equal("Версия 7 процесса «approval» не найдена.", missing.Message);
        Assert.Equal(["toVersion", "instanceIds"], same.Errors.Select(e => e.Field));
        Assert.Contains("Manager", operatorTry.Message);
        Assert.Equal(1, (await _host.Instances.GetAsync(instance)).Summary.DefinitionVersion);
    }

    [Fact]
    public async Task Candidates_show_where_each_instance_waits_and_why_it_cannot_move()
    {
        await _host.PublishAsync(V1);
        var instance = (await _host.StartAsync("approval", "D-1")).InstanceId;
        await _host.PublishAsync(WithoutReview);

        var candidate = Assert.Single(await _host.Migrations.ListCandidatesAsync("approval", 2));

        Assert.Equal((instance, 1, "D-1", WorkflowStatus.Suspended), (candidate.InstanceId, candidate.Version, candidate.CorrelationId, candidate.Status));
        Assert.Equal(["review"], candidate.WaitingIn);
        Assert.Equal("Шага «review», в котором ждёт экземпляр, нет в версии 2.", candidate.Blocker);
    }

    [Fact]
    public async Task Join_whose_incoming_connections_changed_blocks_an_instance_that_already_collected_a_branch()
    {
        var forkJoin = Define("approval",
            [Act("start", "Start"), Act("fork", "Fork", ("branches", Outcomes("a", "b"))), TaskStep("left"), TaskStep("right"),
             Act("join", "Join", ("mode", Lit("WaitAll"))), Act("end", "End")],
            [Link("start", "fork"), Link("fork", "left", "a"), Link("fork", "right", "b"), Link("left", "join"), Link("right", "join"), Link("join", "end")]);
        await _host.PublishAsync(forkJoin);
        var instance = (await _host.StartAsync("approval", "E-1")).InstanceId;
        var left = (await _host.OpenTasksAsync(instance)).Single(t => t.ActivityId == "left");
        await _host.Tasks.CompleteAsync(left.Id, new CompleteHumanTaskRequest("Done"), WorkflowTestHost.Operator);
        await _host.PublishAsync(forkJoin with
        {
            Activities = [.. forkJoin.Activities, TaskStep("third")],
            Connections = [.. forkJoin.Connections, Link("fork", "third", "b"), Link("third", "join")],
        });

        var result = Assert.Single(await _host.Migrations.MigrateAsync(Request(1, 2, instance), WorkflowTestHost.Manager));

        Assert.False(result.Migrated);
        Assert.Contains("«join»", result.Reason);
        Assert.Contains("другие входящие связи", result.Reason);
    }

    [Theory]
    [WorkflowDatabases]
    public async Task Migration_racing_task_completion_on_another_node_leaves_each_instance_consistent(TestDatabase database)
    {
        await using var nodeA = await WorkflowTestHost.CreateAsync(database);
        await using var nodeB = await WorkflowTestHost.SecondNodeAsync(nodeA, "node-b");
        await nodeA.PublishAsync(V1);
        var instances = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            instances.Add((await nodeA.StartAsync("approval", $"R-{i}")).InstanceId);
        }

        await nodeA.PublishAsync(V2);
        var tasks = new Dictionary<Guid, Guid>();
        foreach (var id in instances)
        {
            tasks[id] = Assert.Single(await nodeA.OpenTasksAsync(id)).Id;
        }

        var results = new System.Collections.Concurrent.ConcurrentDictionary<Guid, WorkflowMigrationResult>();
        await Parallel.ForEachAsync(instances.SelectMany(id => new[] { (id, migrate: true), (id, migrate: false) }),
            new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (work, ct) =>
            {
                if (work.migrate)
                {
                    results[work.id] = Assert.Single(await nodeB.Migrations.MigrateAsync(Request(1, 2, work.id), WorkflowTestHost.Manager, ct));
                }
                else
                {
                    await nodeA.Tasks.CompleteAsync(tasks[work.id], new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator, ct);
                }
            });

        foreach (var id in instances)
        {
            var details = await nodeA.Instances.GetAsync(id);
            var open = await nodeA.OpenTasksAsync(id);
            var migrations = details.Journal.Count(j => j.ActivityType == WorkflowMigrationService.JournalActivityType);
            if (results[id].Migrated)
            {
                // Moved while still waiting in the review: the completion then followed version 2 into the new step.
                Assert.Equal((2, WorkflowStatus.Suspended, 1), (details.Summary.DefinitionVersion, details.Summary.Status, migrations));
                Assert.Equal("recheck", Assert.Single(open).ActivityId);
            }
            else
            {
                // The completion came first and finished the instance on version 1.
                Assert.Equal("Экземпляр уже завершён или отменён.", results[id].Reason);
                Assert.Equal((1, WorkflowStatus.Finished, 0), (details.Summary.DefinitionVersion, details.Summary.Status, migrations));
                Assert.Empty(open);
            }

            Assert.Equal(details.Journal.Count, details.Journal.Select(j => j.Sequence).Distinct().Count());
        }
    }
}
