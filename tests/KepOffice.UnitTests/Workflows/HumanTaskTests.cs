using System.Text.Json.Nodes;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Tasks;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class HumanTaskTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.InMemoryAsync();
        var fields = new JsonArray(
            new JsonObject { ["name"] = "identityDocument", ["label"] = "Документ, удостоверяющий личность", ["type"] = "select", ["required"] = true },
            new JsonObject { ["name"] = "note", ["label"] = "Примечание", ["type"] = "text" });
        await _host.PublishAsync(Sequence("identify",
            TaskStep("identify", "Operator", ["Identified", "Refused"], ("formFields", Lit(fields)), ("dueIn", Lit("PT4H")), ("escalationRole", Lit("Manager")))));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HumanTaskView> StartAndGetTaskAsync(string correlationId)
    {
        var started = await _host.StartAsync("identify", correlationId);
        return Assert.Single(await _host.OpenTasksAsync(started.InstanceId));
    }

    private static CompleteHumanTaskRequest Identified => new("Identified", new JsonObject { ["identityDocument"] = "passport" });

    [Fact]
    public async Task Completing_a_task_twice_is_a_conflict()
    {
        var task = await StartAndGetTaskAsync("A-1");
        var done = await _host.Tasks.CompleteAsync(task.Id, Identified, WorkflowTestHost.Operator);
        Assert.Equal((HumanTaskStatus.Completed, "op-1", "Identified"), (done.Status, done.CompletedBy, done.Outcome));

        var ex = await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Tasks.CompleteAsync(task.Id, Identified, WorkflowTestHost.Operator2));
        Assert.Equal("Задача уже выполнена.", ex.Message);
        Assert.Equal(WorkflowStatus.Finished, (await _host.Instances.GetAsync(task.InstanceId)).Summary.Status);
    }

    [Fact]
    public async Task A_user_without_the_role_is_forbidden()
    {
        var task = await StartAndGetTaskAsync("A-2");
        var ex = await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _host.Tasks.CompleteAsync(task.Id, Identified, WorkflowTestHost.Auditor));
        Assert.Equal("Недостаточно прав: для задачи требуется роль «Operator».", ex.Message);
        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _host.Tasks.ClaimAsync(task.Id, WorkflowTestHost.Auditor));
        Assert.Equal(HumanTaskStatus.Open, (await _host.Tasks.GetAsync(task.Id)).Status);
    }

    [Fact]
    public async Task Four_eyes_the_requester_named_in_notBy_can_neither_claim_nor_complete()
    {
        await _host.PublishAsync(Sequence("approve",
            TaskStep("approve", "Operator", ["Approve"], ("notBy", Js("variables.requestedBy")))));
        var started = await _host.StartAsync("approve", "FE-1", new JsonObject { ["requestedBy"] = WorkflowTestHost.Operator.UserId });
        var task = Assert.Single(await _host.OpenTasksAsync(started.InstanceId));

        var claim = await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _host.Tasks.ClaimAsync(task.Id, WorkflowTestHost.Operator));
        var complete = await Assert.ThrowsAsync<WorkflowForbiddenException>(() =>
            _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator));
        var stillOpen = await _host.Tasks.GetAsync(task.Id);
        var done = await _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator2);

        Assert.Contains("четырёх глаз", complete.Message);
        Assert.Equal(claim.Message, complete.Message);
        Assert.Equal((HumanTaskStatus.Open, null), (stillOpen.Status, stillOpen.ClaimedBy));
        Assert.Equal((HumanTaskStatus.Completed, "op-2"), (done.Status, done.CompletedBy));
    }

    [Fact]
    public async Task Outcome_must_be_allowed_and_required_fields_filled()
    {
        var task = await StartAndGetTaskAsync("A-3");
        var wrongOutcome = await Assert.ThrowsAsync<WorkflowValidationException>(() =>
            _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Maybe", new JsonObject { ["identityDocument"] = "passport" }), WorkflowTestHost.Operator));
        Assert.Equal(new WorkflowValidationError("identify", "outcome", "Недопустимый вариант решения «Maybe». Допустимы: Identified, Refused."), Assert.Single(wrongOutcome.Errors));

        var missing = await Assert.ThrowsAsync<WorkflowValidationException>(() =>
            _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Identified", new JsonObject { ["identityDocument"] = " " }), WorkflowTestHost.Operator));
        Assert.Equal(new WorkflowValidationError("identify", "data.identityDocument", "Не заполнено обязательное поле «Документ, удостоверяющий личность»."), Assert.Single(missing.Errors));
        Assert.DoesNotContain("passport", missing.Message, StringComparison.Ordinal);

        await _host.Tasks.CompleteAsync(task.Id, Identified, WorkflowTestHost.Operator);
        Assert.Equal("passport", (string?)(await _host.VariablesAsync(task.InstanceId))["identityDocument"]);
    }

    [Fact]
    public async Task Claim_unclaim_and_reassign()
    {
        var task = await StartAndGetTaskAsync("A-4");
        var claimed = await _host.Tasks.ClaimAsync(task.Id, WorkflowTestHost.Operator);
        Assert.Equal("op-1", claimed.ClaimedBy);
        var taken = await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Tasks.ClaimAsync(task.Id, WorkflowTestHost.Operator2));
        Assert.Equal("Задача уже взята в работу другим сотрудником.", taken.Message);
        await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Tasks.CompleteAsync(task.Id, Identified, WorkflowTestHost.Operator2));
        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _host.Tasks.UnclaimAsync(task.Id, WorkflowTestHost.Operator2));

        Assert.Null((await _host.Tasks.UnclaimAsync(task.Id, WorkflowTestHost.Operator)).ClaimedBy);
        var reassigned = await _host.Tasks.ReassignAsync(task.Id, "op-2", WorkflowTestHost.Manager);
        Assert.Equal("op-2", reassigned.AssigneeId);
        var notYours = await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _host.Tasks.CompleteAsync(task.Id, Identified, WorkflowTestHost.Operator));
        Assert.Equal("Задача назначена другому сотруднику.", notYours.Message);
        await _host.Tasks.CompleteAsync(task.Id, Identified, WorkflowTestHost.Operator2);
    }

    [Fact]
    public async Task List_filters_by_scope_overdue_and_search()
    {
        var first = await StartAndGetTaskAsync("APP-2026-0001");
        await StartAndGetTaskAsync("APP-2026-0002");
        await _host.Tasks.ClaimAsync(first.Id, WorkflowTestHost.Operator);

        async Task<IReadOnlyList<HumanTaskView>> List(HumanTaskQuery query, WorkflowActor actor) => (await _host.Tasks.ListAsync(query, actor)).Items;

        Assert.Equal([first.Id], (await List(new() { Scope = HumanTaskScope.AssignedToMe }, WorkflowTestHost.Operator)).Select(t => t.Id));
        Assert.Single(await List(new() { Scope = HumanTaskScope.UnassignedInMyRoles }, WorkflowTestHost.Operator));
        Assert.Equal(2, (await List(new() { Scope = HumanTaskScope.All }, WorkflowTestHost.Operator)).Count);
        Assert.Empty(await List(new() { Scope = HumanTaskScope.All }, WorkflowTestHost.Auditor));
        Assert.Equal(2, (await List(new() { Scope = HumanTaskScope.AllQueues }, WorkflowTestHost.Manager)).Count);
        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => List(new() { Scope = HumanTaskScope.AllQueues }, WorkflowTestHost.Operator));
        Assert.Single(await List(new() { Search = "app-2026-0002" }, WorkflowTestHost.Operator));
        Assert.Empty(await List(new() { OverdueOnly = true }, WorkflowTestHost.Operator));

        _host.Time.Advance(TimeSpan.FromHours(5));
        var overdue = await List(new() { OverdueOnly = true }, WorkflowTestHost.Operator);
        Assert.Equal(2, overdue.Count);
        Assert.All(overdue, t => Assert.True(t.IsOverdue));
    }

    [Fact]
    public async Task Overdue_tasks_are_escalated_once()
    {
        var task = await StartAndGetTaskAsync("A-5");
        Assert.Empty(await _host.Maintenance.EscalateOverdueTasksAsync());
        _host.Time.Advance(TimeSpan.FromHours(4) + TimeSpan.FromSeconds(1));
        var escalated = Assert.Single(await _host.Maintenance.EscalateOverdueTasksAsync());
        Assert.Equal((task.Id, "Manager", "A-5"), (escalated.TaskId, escalated.EscalationRole, escalated.CorrelationId));
        Assert.Empty(await _host.Maintenance.EscalateOverdueTasksAsync());
        Assert.True((await _host.Tasks.GetAsync(task.Id)).Escalated);
    }

    [Fact]
    public async Task Unknown_task_is_not_found()
    {
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.Tasks.CompleteAsync(Guid.NewGuid(), Identified, WorkflowTestHost.Operator));
    }
}
