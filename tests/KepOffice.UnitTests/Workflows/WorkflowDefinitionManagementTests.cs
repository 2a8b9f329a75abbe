using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Tasks;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class WorkflowDefinitionManagementTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.InMemoryAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static WorkflowDefinitionModel V1 => Sequence("approval", TaskStep("review", outcomes: ["Approve"]));

    [Fact]
    public async Task New_definition_is_a_valid_draft_from_start_to_end_and_its_id_must_be_free_and_kebab_case()
    {
        var created = await _host.Definitions.CreateAsync("renewal-light", "Продление упрощённое", WorkflowTestHost.Manager);
        var content = await _host.Definitions.GetAsync("renewal-light");
        var taken = await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Definitions.CreateAsync("renewal-light", "Другое", WorkflowTestHost.Manager));
        var badId = await Assert.ThrowsAsync<WorkflowValidationException>(() => _host.Definitions.CreateAsync("Продление", "", WorkflowTestHost.Manager));

        Assert.Equal((1, DefinitionState.Draft, "mgr-1"), (created.Version, created.State, created.CreatedBy));
        Assert.Equal(["Start", "End"], content.Model.Activities.Select(a => a.Type));
        Assert.Equal(("start", "Done", "end"), Assert.Single(content.Model.Connections) is var c ? (c.Source, c.Outcome, c.Target) : default);
        Assert.Empty(_host.Definitions.Validate(content.Model));
        Assert.Equal("Процесс с идентификатором «renewal-light» уже существует; выберите другой идентификатор.", taken.Message);
        Assert.Equal(["id", "name"], badId.Errors.Select(e => e.Field));
        Assert.Single(await _host.Definitions.GetVersionsAsync("renewal-light"));
    }

    [Fact]
    public async Task Clone_copies_the_content_under_a_new_id_and_name_as_a_draft_and_leaves_the_source_alone()
    {
        await _host.PublishAsync(V1);

        var clone = await _host.Definitions.CloneAsync("approval", null, "approval-copy", "Согласование (копия)", WorkflowTestHost.Manager);
        var content = await _host.Definitions.GetAsync("approval-copy");
        var existing = await Assert.ThrowsAsync<WorkflowConflictException>(() =>
            _host.Definitions.CloneAsync("approval", null, "approval", "Снова", WorkflowTestHost.Manager));
        var unknown = await Assert.ThrowsAsync<WorkflowNotFoundException>(() =>
            _host.Definitions.CloneAsync("nothing-here", null, "x-copy", "Копия", WorkflowTestHost.Manager));

        Assert.Equal(("approval-copy", "Согласование (копия)", 1, DefinitionState.Draft), (clone.DefinitionId, clone.Name, clone.Version, clone.State));
        Assert.True(WorkflowDiff.Compare(V1, content.Model).Definition.All(c => c.Field == "name"));
        Assert.Empty(WorkflowDiff.Compare(V1, content.Model).ChangedActivities);
        Assert.Contains("уже существует", existing.Message);
        Assert.Equal("Процесс «nothing-here» не найден.", unknown.Message);
        Assert.Equal(DefinitionState.Published, Assert.Single(await _host.Definitions.GetVersionsAsync("approval")).State);
    }

    [Fact]
    public async Task Delete_removes_every_version_of_an_unused_definition_and_refuses_one_with_instances()
    {
        await _host.PublishAsync(V1);
        await _host.PublishAsync(V1 with { Id = "unused" });
        await _host.Definitions.SaveDraftAsync(V1 with { Id = "unused", Name = "Черновик" }, WorkflowTestHost.Manager);
        var instance = (await _host.StartAsync("approval", "A-1")).InstanceId;
        var task = Assert.Single(await _host.OpenTasksAsync(instance));
        await _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator);

        await _host.Definitions.DeleteAsync("unused", WorkflowTestHost.Manager);
        var refused = await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Definitions.DeleteAsync("approval", WorkflowTestHost.Manager));

        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.Definitions.GetVersionsAsync("unused"));
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.Definitions.DeleteAsync("unused", WorkflowTestHost.Manager));
        Assert.StartsWith("Процесс «approval» нельзя удалить: по нему есть экземпляры (версия 1 — 1).", refused.Message);
        Assert.Single(await _host.Definitions.GetVersionsAsync("approval"));
    }

    [Fact]
    public async Task List_counts_unfinished_instances_per_version_and_all_instances()
    {
        await _host.PublishAsync(V1);
        var first = (await _host.StartAsync("approval", "A-1")).InstanceId;
        await _host.StartAsync("approval", "A-2");
        await _host.PublishAsync(V1 with { Name = "Согласование 2" });
        await _host.StartAsync("approval", "A-3");
        var task = Assert.Single(await _host.OpenTasksAsync(first));
        await _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator);

        var summary = Assert.Single(await _host.Definitions.ListAsync());

        Assert.Equal([(1, 1), (2, 1)], summary.ActiveInstances.Select(c => (c.Version, c.Count)));
        Assert.Equal(3, summary.TotalInstances);
        Assert.Equal((2, 2, false), (summary.LatestVersion, summary.PublishedVersion, summary.HasDraft));
    }

    [Fact]
    public async Task Import_as_draft_publishes_nothing_and_reports_validation_errors_by_activity_and_field()
    {
        await _host.PublishAsync(V1);
        var json = WorkflowJson.Serialize(V1 with { Name = "Согласование, правка" });

        var draft = await _host.Definitions.ImportDraftAsync(json, WorkflowTestHost.Manager);
        var invalid = await Assert.ThrowsAsync<WorkflowValidationException>(() =>
            _host.Definitions.ImportDraftAsync(json.Replace("\"target\": \"end\"", "\"target\": \"nowhere\""), WorkflowTestHost.Manager));

        Assert.Equal((2, DefinitionState.Draft), (draft.Version, draft.State));
        Assert.Equal(1, (await _host.Definitions.GetPublishedAsync("approval"))!.Info.Version);
        Assert.Contains(invalid.Errors, e => e.ActivityId == "review" && e.Field == "connections.target" && e.Message.Contains("«nowhere»"));
    }

    [Fact]
    public async Task Diff_of_stored_versions_compares_in_the_order_asked()
    {
        await _host.PublishAsync(V1);
        await _host.PublishAsync(Sequence("approval", TaskStep("review", outcomes: ["Approve"]), TaskStep("recheck", role: "Manager")));

        var forward = await _host.Definitions.DiffAsync("approval", 1, 2);
        var backward = await _host.Definitions.DiffAsync("approval", 2, 1);
        var same = await _host.Definitions.DiffAsync("approval", 2, 2);

        Assert.Equal("recheck", Assert.Single(forward.AddedActivities).Id);
        Assert.Equal("recheck", Assert.Single(backward.RemovedActivities).Id);
        Assert.Equal((2, 1), (backward.FromVersion, backward.ToVersion));
        Assert.True(same.IsEmpty);
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.Definitions.DiffAsync("approval", 1, 9));
    }
}
