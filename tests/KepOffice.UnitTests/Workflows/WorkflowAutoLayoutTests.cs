using KepOffice.Workflows.Definitions;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class WorkflowAutoLayoutTests
{
    private static readonly WorkflowLayoutOptions Options = new()
    {
        NodeWidth = 200,
        LayerGap = 100,
        NodeGap = 30,
        NodeHeight = a => a.Type == "HumanTask" ? 120 : 70,
    };

    [Fact]
    public void Every_connection_that_is_not_a_loop_goes_to_the_right()
    {
        var model = LoadIssuance();
        var positions = WorkflowAutoLayout.ComputePositions(model, Options);

        Assert.Equal(model.Activities.Select(a => a.Id).Order(), positions.Keys.Order());
        var loops = new HashSet<(string, string)> { ("status-recheck", "check-documents") };
        foreach (var c in model.Connections.Where(c => !loops.Contains((c.Source, c.Target))))
        {
            Assert.True(positions[c.Target].X > positions[c.Source].X, $"{c.Source} → {c.Target} does not go right");
        }

        Assert.True(positions["status-recheck"].X > positions["check-documents"].X, "the loop back is laid out after its target");
    }

    [Fact]
    public void Nodes_never_overlap()
    {
        var model = LoadIssuance();
        var positions = WorkflowAutoLayout.ComputePositions(model, Options);
        var boxes = model.Activities.Select(a => (a.Id, Box: (positions[a.Id].X, positions[a.Id].Y, W: Options.NodeWidth, H: Options.NodeHeight(a)))).ToList();

        foreach (var (first, i) in boxes.Select((b, i) => (b, i)))
        {
            foreach (var second in boxes.Skip(i + 1))
            {
                var apart = first.Box.X + first.Box.W <= second.Box.X || second.Box.X + second.Box.W <= first.Box.X
                    || first.Box.Y + first.Box.H + Options.NodeGap <= second.Box.Y + 0.5 || second.Box.Y + second.Box.H + Options.NodeGap <= first.Box.Y + 0.5;
                Assert.True(apart, $"{first.Id} and {second.Id} overlap");
            }
        }

        Assert.Equal(0, positions.Values.Min(p => p.Y));
        Assert.Equal(0, positions.Values.Min(p => p.X));
    }

    [Fact]
    public void Longest_path_decides_the_column()
    {
        // start → a → b → end and start → end: the end sits after b, not next to start.
        var model = Define("columns",
            [Act("start", "Start"), Act("a", "SetVariable"), Act("b", "SetVariable"), Act("end", "End")],
            [Link("start", "a"), Link("a", "b"), Link("b", "end"), Link("start", "end")]);

        var positions = WorkflowAutoLayout.ComputePositions(model, Options);

        Assert.Equal([0, 300, 600, 900], new[] { "start", "a", "b", "end" }.Select(id => positions[id].X));
    }

    [Fact]
    public void Barycentric_ordering_removes_a_crossing_the_listed_order_would_make()
    {
        // Listed so that the naive order crosses: s → (x1, x2), x1 → y2, x2 → y1.
        var model = Define("crossing",
            [Act("start", "Start"), Act("x1", "SetVariable"), Act("x2", "SetVariable"), Act("y1", "SetVariable"), Act("y2", "SetVariable"), Act("end", "End")],
            [Link("start", "x1"), Link("start", "x2"), Link("x2", "y1"), Link("x1", "y2"), Link("y1", "end"), Link("y2", "end")]);

        var positions = WorkflowAutoLayout.ComputePositions(model, Options);

        var x1Above = positions["x1"].Y < positions["x2"].Y;
        var y2Above = positions["y2"].Y < positions["y1"].Y;
        Assert.Equal(x1Above, y2Above);
    }

    [Fact]
    public void A_straight_chain_stays_on_one_line_and_a_branch_is_centred_on_its_parent()
    {
        var model = Define("branch",
            [Act("start", "Start"), Act("d", "Decision"), Act("yes", "SetVariable"), Act("no", "SetVariable"), Act("end", "End")],
            [Link("start", "d"), Link("d", "yes", "True"), Link("d", "no", "False"), Link("yes", "end"), Link("no", "end")]);

        var positions = WorkflowAutoLayout.ComputePositions(model, Options);

        Assert.Equal(positions["start"].Y, positions["d"].Y);
        var branchCentre = (positions["yes"].Y + positions["no"].Y) / 2;
        Assert.InRange(positions["d"].Y, branchCentre - 1, branchCentre + 1);
        Assert.Equal(positions["d"].Y, positions["end"].Y, 0.5);
    }

    [Fact]
    public void Arrange_is_deterministic_and_keeps_everything_but_positions()
    {
        var model = LoadIssuance();
        var first = WorkflowAutoLayout.Arrange(model, Options);
        var second = WorkflowAutoLayout.Arrange(model, Options);

        Assert.Equal(first.Activities.Select(a => a.Position), second.Activities.Select(a => a.Position));
        Assert.Equal(model.Connections, first.Connections);
        Assert.Equal(model.Activities.Select(a => (a.Id, a.Type, a.DisplayName)), first.Activities.Select(a => (a.Id, a.Type, a.DisplayName)));
    }

    [Fact]
    public void Crossing_count_sees_a_crossing_and_its_absence()
    {
        var crossing = WorkflowAutoLayout.CountCrossings([[0, 1], [2, 3]], [(0, 3), (1, 2)]);
        var straight = WorkflowAutoLayout.CountCrossings([[0, 1], [2, 3]], [(0, 2), (1, 3)]);

        Assert.Equal(1, crossing);
        Assert.Equal(0, straight);
    }

    private static WorkflowDefinitionModel LoadIssuance() =>
        WorkflowJson.Parse(File.ReadAllText(Path.Combine(WorkflowTestHost.RepositoryPath("workflows"), "kep-issuance.json")));
}
