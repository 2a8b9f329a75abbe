using System.Text.Json.Nodes;
using KepOffice.Workflows.Definitions;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class WorkflowDiffTests
{
    private static WorkflowDefinitionModel Base => Sequence("approval", TaskStep("review", outcomes: ["Approve", "Reject"])) with { Version = 1 };

    [Fact]
    public void Identical_versions_give_an_empty_diff()
    {
        var diff = WorkflowDiff.Compare(Base, Base with { Version = 2 });

        Assert.True(diff.IsEmpty);
        Assert.False(diff.HasChanges);
        Assert.Equal((1, 2), (diff.FromVersion, diff.ToVersion));
    }

    [Fact]
    public void Equal_content_built_separately_gives_an_empty_diff()
    {
        var diff = WorkflowDiff.Compare(Base, WorkflowJson.Parse(WorkflowJson.Serialize(Base)));

        Assert.True(diff.IsEmpty);
    }

    [Fact]
    public void Added_step_after_a_task_shows_the_activity_and_the_rewired_connections()
    {
        var after = Base with
        {
            Activities = [.. Base.Activities, TaskStep("recheck", role: "Manager") with { DisplayName = "Повторная проверка" }],
            Connections =
            [
                .. Base.Connections.Where(c => !(c.Source == "review" && c.Outcome == "Approve")),
                Link("review", "recheck", "Approve"),
                Link("recheck", "end"),
            ],
        };

        var diff = WorkflowDiff.Compare(Base, after);

        var added = Assert.Single(diff.AddedActivities);
        Assert.Equal(("recheck", "HumanTask", "Повторная проверка"), (added.Id, added.Type, added.DisplayName));
        Assert.Empty(diff.RemovedActivities);
        Assert.Empty(diff.ChangedActivities);
        Assert.Equal(
            [("review", "Approve", "recheck"), ("recheck", "Done", "end")],
            diff.AddedConnections.Select(c => (c.Source, c.Outcome, c.Target)));
        Assert.Equal(("review", "Approve", "end"), Assert.Single(diff.RemovedConnections) is var r ? (r.Source, r.Outcome, r.Target) : default);
        Assert.True(diff.HasChanges);
    }

    [Fact]
    public void A_changed_retry_policy_is_a_change_of_the_activity_and_survives_the_JSON_round_trip()
    {
        var after = Base with
        {
            Activities = Base.Activities.Select(a => a.Id == "review" ? a with { Retry = new WorkflowRetryModel { MaxAttempts = 6, InitialDelay = "PT10S" } } : a).ToList(),
        };

        var diff = WorkflowDiff.Compare(Base, WorkflowJson.Parse(WorkflowJson.Serialize(after)));

        var change = Assert.Single(Assert.Single(diff.ChangedActivities).Changes);
        Assert.Equal(("retry", null, "maxAttempts 6, initialDelay PT10S"), (change.Field, change.Old, change.New));
        Assert.Contains("\"retry\": {", WorkflowJson.Serialize(after), StringComparison.Ordinal);
    }

    [Fact]
    public void Removed_activity_and_its_connections_are_listed()
    {
        var diff = WorkflowDiff.Compare(Base, Sequence("approval") with { Version = 2 });

        Assert.Equal("review", Assert.Single(diff.RemovedActivities).Id);
        Assert.Empty(diff.AddedActivities);
        Assert.Equal(3, diff.RemovedConnections.Count);
        Assert.Equal(("start", "Done", "end"), Assert.Single(diff.AddedConnections) is var a ? (a.Source, a.Outcome, a.Target) : default);
    }

    [Fact]
    public void Changed_inputs_caption_and_type_are_reported_old_to_new()
    {
        var review = Base.Activities.Single(a => a.Id == "review");
        var changedReview = review with
        {
            DisplayName = "Проверка документов",
            Inputs = new Dictionary<string, WorkflowInputValue>(review.Inputs)
            {
                ["role"] = Lit("Manager"),
                ["dueIn"] = Lit("PT4H"),
                ["title"] = Js("'Проверка ' + correlationId"),
            },
        };
        var end = Base.Activities.Single(a => a.Id == "end");
        var after = Base with
        {
            Activities = [.. Base.Activities.Select(a => a.Id == "review" ? changedReview : a.Id == "end" ? end with { Type = "Start" } : a)],
        };

        var diff = WorkflowDiff.Compare(Base, after);

        var reviewChange = diff.ChangedActivities.Single(c => c.Id == "review");
        Assert.Equal("Проверка документов", reviewChange.DisplayName);
        Assert.Equal(
            [
                ("displayName", "review", "Проверка документов"),
                ("inputs.dueIn", null, "\"PT4H\""),
                ("inputs.role", "\"Operator\"", "\"Manager\""),
                ("inputs.title", "\"Задача review\"", "выражение 'Проверка ' + correlationId"),
            ],
            reviewChange.Changes.Select(c => (c.Field, c.Old, c.New)));
        var endChange = diff.ChangedActivities.Single(c => c.Id == "end");
        Assert.Equal(("type", "End", "Start"), Assert.Single(endChange.Changes) is var t ? (t.Field, t.Old, t.New) : default);
        Assert.Empty(diff.AddedActivities);
        Assert.Empty(diff.AddedConnections);
    }

    [Fact]
    public void Removed_input_has_no_new_value()
    {
        var review = Base.Activities.Single(a => a.Id == "review");
        var inputs = review.Inputs.Where(i => i.Key != "outcomes").ToDictionary();
        var after = Base with { Activities = [.. Base.Activities.Select(a => a.Id == "review" ? a with { Inputs = inputs } : a)] };

        var change = Assert.Single(Assert.Single(WorkflowDiff.Compare(Base, after).ChangedActivities).Changes);

        Assert.Equal(("inputs.outcomes", "[\"Approve\",\"Reject\"]", (string?)null), (change.Field, change.Old, change.New));
    }

    [Fact]
    public void Position_only_changes_are_reported_as_moves_not_as_changes()
    {
        var after = Base with
        {
            Activities = [.. Base.Activities.Select(a => a.Id == "review" ? a with { Position = new WorkflowPosition(240, 80) } : a)],
        };

        var diff = WorkflowDiff.Compare(Base, after);

        Assert.Equal(["review"], diff.Moved);
        Assert.Empty(diff.ChangedActivities);
        Assert.False(diff.HasChanges);
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void A_moved_activity_whose_input_also_changed_counts_as_changed_only()
    {
        var after = Base with
        {
            Activities = [.. Base.Activities.Select(a => a.Id == "review"
                ? a with { Position = new WorkflowPosition(9, 9), Inputs = new Dictionary<string, WorkflowInputValue>(a.Inputs) { ["role"] = Lit("Manager") } }
                : a)],
        };

        var diff = WorkflowDiff.Compare(Base, after);

        Assert.Empty(diff.Moved);
        Assert.Equal("inputs.role", Assert.Single(Assert.Single(diff.ChangedActivities).Changes).Field);
    }

    [Fact]
    public void Variables_added_removed_and_changed_are_listed_and_name_changes_too()
    {
        var before = Base with { Variables = [Var("fee", 100), Var("kept", "x"), Var("old")] };
        var after = Base with
        {
            Name = "Согласование (новое)",
            Variables = [Var("fee", 200) with { Type = "Number" }, Var("kept", "x"), Var("fresh", JsonValue.Create(true))],
        };

        var diff = WorkflowDiff.Compare(before, after);

        Assert.Equal(
            [
                ("variables.fee", "без типа = 100", "Number = 200"),
                ("variables.fresh", null, "без типа = true"),
                ("variables.old", "без типа", null),
            ],
            diff.Variables.Select(v => (v.Field, v.Old, v.New)));
        Assert.Equal(("name", "Тестовый процесс approval", "Согласование (новое)"), Assert.Single(diff.Definition) is var n ? (n.Field, n.Old, n.New) : default);
    }

    [Fact]
    public void Variable_input_is_described_by_its_kind()
    {
        Assert.Equal("переменная applicantEmail", WorkflowDiff.Describe(WorkflowInputValue.Variable("applicantEmail")));
        Assert.Equal("[\"Да\",\"Нет\"]", WorkflowDiff.Describe(Outcomes("Да", "Нет")));
    }
}
