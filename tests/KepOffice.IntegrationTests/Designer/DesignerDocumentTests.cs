using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using KepOffice.Web.Components.Designer;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Designer;

[Collection(SharedAppsCollection.Name)]
public sealed class DesignerDocumentTests(SharedApps apps)
{
    private ActivityRegistry Registry => apps.For(DatabaseProvider.Sqlite).Services.GetRequiredService<ActivityRegistry>();

    private static WorkflowDefinitionModel Chain() => new()
    {
        Id = "designer-test",
        Name = "Проверка редактора",
        Activities =
        [
            new() { Id = "start", Type = "Start", Position = new(0, 0) },
            new() { Id = "end", Type = "End", Position = new(300, 0) },
        ],
        Connections = [new() { Source = "start", Outcome = "Done", Target = "end" }],
    };

    [Fact]
    public void Connecting_an_outcome_again_replaces_its_target_and_undo_restores_it()
    {
        var document = new DesignerDocument(Chain(), Registry);
        var task = document.AddActivity("HumanTask", 150, 200);
        document.Connect("start", "Done", task);
        document.Connect(task, "Done", "end");

        Assert.Equal([("start", task), (task, "end")], document.Model.Connections.Select(c => (c.Source, c.Target)));
        Assert.True(document.IsDirty);

        document.Undo();
        document.Undo();
        Assert.Equal([("start", "end")], document.Model.Connections.Select(c => (c.Source, c.Target)));
        document.Undo();
        Assert.DoesNotContain(document.Model.Activities, a => a.Id == task);
        Assert.False(document.IsDirty);
        Assert.False(document.CanUndo);

        document.Redo();
        Assert.Contains(document.Model.Activities, a => a.Id == task);
    }

    [Fact]
    public void Removing_a_step_removes_its_connections()
    {
        var document = new DesignerDocument(Chain(), Registry);
        var task = document.AddActivity("HumanTask", 150, 200);
        document.Connect("start", "Done", task);
        document.Connect(task, "Done", "end");

        document.RemoveActivity(task);

        Assert.Empty(document.Model.Connections);
        Assert.Equal(["start", "end"], document.Model.Activities.Select(a => a.Id));
    }

    [Fact]
    public void Ports_carry_the_Russian_labels_of_the_descriptor_and_of_labelled_outcomes()
    {
        var decision = new WorkflowActivityModel { Id = "d", Type = "Decision" };
        var task = new WorkflowActivityModel
        {
            Id = "t",
            Type = "HumanTask",
            Inputs = new Dictionary<string, WorkflowInputValue>
            {
                ["outcomes"] = WorkflowInputValue.Literal(new System.Text.Json.Nodes.JsonArray(
                    new System.Text.Json.Nodes.JsonObject { ["name"] = "Ok", ["label"] = "Всё верно" }, "Approve")),
            },
        };

        Assert.Equal(["Да", "Нет"], DesignerDocument.Ports(decision, Registry).Select(p => p.Label));
        Assert.Equal(["Всё верно", "Документы в порядке"], DesignerDocument.Ports(task, Registry).Select(p => p.Label));
    }

    [Fact]
    public void A_clicked_step_lands_where_it_overlaps_no_other()
    {
        var document = new DesignerDocument(Chain(), Registry);

        var (x, y) = document.FreeSpotNear(0, 0);

        Assert.Equal(0, x);
        Assert.True(Math.Abs(y) >= 64, $"the new step at {y} overlaps the start");
    }
}
