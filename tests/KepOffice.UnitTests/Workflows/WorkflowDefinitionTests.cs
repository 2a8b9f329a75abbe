using System.Text.Json.Nodes;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Tasks;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class WorkflowDefinitionTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.InMemoryAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static WorkflowDefinitionModel V1 => Sequence("approval", TaskStep("review", outcomes: ["Approve"]));

    private static WorkflowDefinitionModel V2 => Sequence("approval",
        TaskStep("review", outcomes: ["Approve"]), Act("mark", "SetVariable", ("variable", Lit("v2")), ("value", Lit(true))));

    [Fact]
    public async Task Editing_a_published_version_creates_a_draft_and_publishing_retracts_the_old_one()
    {
        var v1 = await _host.PublishAsync(V1);
        Assert.Equal((1, DefinitionState.Published), (v1.Version, v1.State));
        Assert.Equal("mgr-1", v1.PublishedBy);

        var draft = await _host.Definitions.SaveDraftAsync(V2, WorkflowTestHost.Manager);
        Assert.Equal((2, DefinitionState.Draft), (draft.Version, draft.State));
        var again = await _host.Definitions.SaveDraftAsync(V2 with { Name = "Переименован" }, WorkflowTestHost.Manager);
        Assert.Equal(2, again.Version);

        await _host.Definitions.PublishAsync("approval", 2, WorkflowTestHost.Manager);
        var versions = await _host.Definitions.GetVersionsAsync("approval");
        Assert.Equal([(2, DefinitionState.Published), (1, DefinitionState.Retracted)], versions.Select(v => (v.Version, v.State)));
        Assert.Equal("mgr-1", versions[1].RetractedBy);
        var list = Assert.Single(await _host.Definitions.ListAsync());
        Assert.Equal(("approval", 2, 2, false), (list.DefinitionId, list.LatestVersion, list.PublishedVersion, list.HasDraft));
        await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Definitions.PublishAsync("approval", 1, WorkflowTestHost.Manager));
    }

    [Fact]
    public async Task Instance_started_on_v1_continues_on_v1_after_v2_is_published()
    {
        await _host.PublishAsync(V1);
        var old = await _host.StartAsync("approval", "A-1");
        await _host.PublishAsync(V2);
        var fresh = await _host.StartAsync("approval", "A-2");

        foreach (var id in new[] { old.InstanceId, fresh.InstanceId })
        {
            var task = Assert.Single(await _host.OpenTasksAsync(id));
            await _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator);
        }

        var oldDetails = await _host.Instances.GetAsync(old.InstanceId);
        var freshDetails = await _host.Instances.GetAsync(fresh.InstanceId);
        Assert.Equal((1, WorkflowStatus.Finished), (oldDetails.Summary.DefinitionVersion, oldDetails.Summary.Status));
        Assert.Equal((2, WorkflowStatus.Finished), (freshDetails.Summary.DefinitionVersion, freshDetails.Summary.Status));
        Assert.DoesNotContain(oldDetails.Journal, j => j.ActivityId == "mark");
        Assert.Contains(freshDetails.Journal, j => j.ActivityId == "mark");
    }

    [Fact]
    public async Task Revert_copies_an_old_version_into_a_new_draft()
    {
        await _host.PublishAsync(V1);
        await _host.PublishAsync(V2);
        var reverted = await _host.Definitions.RevertAsync("approval", 1, WorkflowTestHost.Manager);
        Assert.Equal((3, DefinitionState.Draft), (reverted.Version, reverted.State));
        var content = await _host.Definitions.GetAsync("approval", 3);
        Assert.DoesNotContain(content.Model.Activities, a => a.Id == "mark");
        Assert.Equal((await _host.Definitions.GetVersionsAsync("approval")).Single(v => v.Version == 1).ContentHash, reverted.ContentHash);
        Assert.Equal(2, (await _host.Definitions.GetPublishedAsync("approval"))!.Info.Version);
    }

    [Fact]
    public async Task Import_of_identical_content_changes_nothing_and_changed_content_publishes_a_new_version()
    {
        var json = File.ReadAllText(WorkflowTestHost.SamplePath("document-check.json"));
        var first = await _host.Definitions.ImportAsync(json, WorkflowTestHost.Manager);
        Assert.True(first.Changed);
        Assert.Equal((1, DefinitionState.Published), (first.Version.Version, first.Version.State));

        var reformatted = JsonNode.Parse(json)!.ToJsonString();
        var second = await _host.Definitions.ImportAsync(reformatted.Replace("\"version\":1", "\"version\":7", StringComparison.Ordinal), WorkflowTestHost.Manager);
        Assert.False(second.Changed);
        Assert.Equal(1, second.Version.Version);

        var changed = await _host.Definitions.ImportAsync(json.Replace("Проверить документы", "Проверить документы заявителя", StringComparison.Ordinal), WorkflowTestHost.Manager);
        Assert.True(changed.Changed);
        Assert.Equal(2, changed.Version.Version);
        Assert.Equal(2, (await _host.Definitions.GetVersionsAsync("document-check")).Count);
    }

    [Fact]
    public async Task Export_writes_schema_and_round_trips()
    {
        await _host.PublishAsync(V1);
        var json = await _host.Definitions.ExportAsync("approval");
        Assert.Contains("\"$schema\": \"./workflow.schema.json\"", json, StringComparison.Ordinal);
        var parsed = WorkflowJson.Parse(json);
        Assert.Equal(WorkflowJson.ComputeContentHash(V1), WorkflowJson.ComputeContentHash(parsed));
        var reimport = await _host.Definitions.ImportAsync(json, WorkflowTestHost.Manager);
        Assert.False(reimport.Changed);
    }

    [Fact]
    public async Task Retracted_version_starts_nothing_new_but_its_instances_carry_on()
    {
        await _host.PublishAsync(V1);
        var running = await _host.StartAsync("approval");
        var retracted = await _host.Definitions.RetractAsync("approval", 1, WorkflowTestHost.Manager);
        Assert.Equal(DefinitionState.Retracted, retracted.State);
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.StartAsync("approval"));
        var task = Assert.Single(await _host.OpenTasksAsync(running.InstanceId));
        await _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Approve"), WorkflowTestHost.Operator);
        Assert.Equal(WorkflowStatus.Finished, (await _host.Instances.GetAsync(running.InstanceId)).Summary.Status);
        await Assert.ThrowsAsync<WorkflowConflictException>(() => _host.Definitions.RetractAsync("approval", 1, WorkflowTestHost.Manager));
    }

    [Fact]
    public async Task Invalid_draft_is_not_saved()
    {
        var invalid = V1 with { Activities = [.. V1.Activities, Act("lost", "SetVariable", ("variable", Lit("x")))] };
        var ex = await Assert.ThrowsAsync<WorkflowValidationException>(() => _host.Definitions.SaveDraftAsync(invalid, WorkflowTestHost.Manager));
        Assert.Contains(ex.Errors, e => e.ActivityId == "lost");
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.Definitions.GetVersionsAsync("approval"));
    }

    [Fact]
    public async Task Unknown_definition_is_not_found()
    {
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.Definitions.GetAsync("nope"));
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.StartAsync("nope"));
    }

    [Fact]
    public async Task Draft_cannot_start_instances()
    {
        await _host.Definitions.SaveDraftAsync(V1, WorkflowTestHost.Manager);
        var ex = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => _host.StartAsync("approval"));
        Assert.Equal("Опубликованная версия процесса «approval» не найдена.", ex.Message);
    }

    [Fact]
    public void Descriptors_drive_the_designer()
    {
        var descriptors = _host.Registry.Descriptors;
        foreach (var name in new[] { "Start", "End", "Decision", "Switch", "Fork", "Join", "SetVariable", "Delay", "Timer", "WaitForStimulus", "HumanTask", "SendEmail" })
        {
            var descriptor = Assert.Single(descriptors, d => d.TypeName == name);
            Assert.Matches("[А-Яа-я]", descriptor.DisplayName);
        }

        var task = TaskStep("t", outcomes: ["Accept", "Reject"]);
        Assert.Equal(["Accept", "Reject"], _host.Registry.GetOutcomes(task));
        var cases = new JsonArray(new JsonObject { ["name"] = "Big", ["condition"] = "true" });
        Assert.Equal(["Big", "Default"], _host.Registry.GetOutcomes(Act("s", "Switch", ("cases", Lit(cases)))));
        Assert.Equal(["True", "False"], _host.Registry.GetOutcomes(Act("d", "Decision")));
        Assert.Contains(_host.Registry.Find("HumanTask")!.Inputs, i => i.Name == "role" && i.UiHint == KepOffice.Workflows.Activities.InputUiHint.RolePicker);
    }
}
