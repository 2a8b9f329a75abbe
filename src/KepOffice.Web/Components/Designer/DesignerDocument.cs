using System.Text.Json;
using System.Text.Json.Nodes;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;

namespace KepOffice.Web.Components.Designer;

/// <summary>
/// The flowchart being edited: an immutable definition model replaced on every change, with undo and redo stacks of
/// earlier models. Consecutive edits of one field (typing) are merged into one undo step.
/// </summary>
public sealed class DesignerDocument(WorkflowDefinitionModel model, ActivityRegistry registry)
{
    private const int UndoDepth = 200;
    private static readonly TimeSpan MergeWindow = TimeSpan.FromSeconds(2);

    private readonly LinkedList<WorkflowDefinitionModel> _undo = new();
    private readonly Stack<WorkflowDefinitionModel> _redo = new();
    private string? _lastMergeKey;
    private DateTimeOffset _lastChange;

    /// <summary>The current model.</summary>
    public WorkflowDefinitionModel Model { get; private set; } = model;

    /// <summary>The model last saved or loaded; the document is dirty when it differs.</summary>
    public WorkflowDefinitionModel Baseline { get; private set; } = model;

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    public bool IsDirty => WorkflowJson.ComputeContentHash(Model) != WorkflowJson.ComputeContentHash(Baseline);

    public ActivityRegistry Registry => registry;

    public void MarkSaved() => Baseline = Model;

    /// <summary>Replaces the model; <paramref name="mergeKey"/> merges quick successive edits of one field into one undo step.</summary>
    public void Apply(Func<WorkflowDefinitionModel, WorkflowDefinitionModel> change, string? mergeKey = null)
    {
        var next = change(Model);
        if (ReferenceEquals(next, Model))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var merge = mergeKey is not null && mergeKey == _lastMergeKey && now - _lastChange < MergeWindow && _undo.Count > 0;
        if (!merge)
        {
            _undo.AddLast(Model);
            if (_undo.Count > UndoDepth)
            {
                _undo.RemoveFirst();
            }
        }

        _redo.Clear();
        _lastMergeKey = mergeKey;
        _lastChange = now;
        Model = next;
    }

    public bool Undo()
    {
        if (_undo.Last is not { } last)
        {
            return false;
        }

        _undo.RemoveLast();
        _redo.Push(Model);
        Model = last.Value;
        _lastMergeKey = null;
        return true;
    }

    public bool Redo()
    {
        if (!_redo.TryPop(out var next))
        {
            return false;
        }

        _undo.AddLast(Model);
        Model = next;
        _lastMergeKey = null;
        return true;
    }

    public WorkflowActivityModel? Find(string? id) => id is null ? null : Model.Activities.FirstOrDefault(a => a.Id == id);

    // ---- edits ------------------------------------------------------------------------------------------------------

    /// <summary>Adds an activity of <paramref name="type"/> at the given place and returns its id.</summary>
    public string AddActivity(string type, double x, double y)
    {
        var descriptor = registry.Find(type) ?? throw new InvalidOperationException($"Unknown activity type {type}.");
        var id = NewId(type);
        var inputs = new Dictionary<string, WorkflowInputValue>();
        if (type == "HumanTask")
        {
            inputs["title"] = WorkflowInputValue.Literal(descriptor.DisplayName);
            inputs["outcomes"] = WorkflowInputValue.Literal(new JsonArray("Done"));
        }

        foreach (var input in descriptor.Inputs.Where(i => i.DefaultValue is not null && !inputs.ContainsKey(i.Name)))
        {
            inputs[input.Name] = WorkflowInputValue.Literal(input.DefaultValue!.DeepClone());
        }

        var activity = new WorkflowActivityModel
        {
            Id = id,
            Type = type,
            DisplayName = descriptor.DisplayName,
            Inputs = inputs,
            Position = new WorkflowPosition(x, y),
        };
        Apply(m => m with { Activities = [.. m.Activities, activity] });
        return id;
    }

    public void Move(string id, double x, double y) =>
        Apply(m => m with { Activities = m.Activities.Select(a => a.Id == id ? a with { Position = new WorkflowPosition(x, y) } : a).ToList() });

    public void RemoveActivity(string id) => Apply(m => m with
    {
        Activities = m.Activities.Where(a => a.Id != id).ToList(),
        Connections = m.Connections.Where(c => c.Source != id && c.Target != id).ToList(),
    });

    /// <summary>Connects an outcome to a target; an outcome leads to one place, so an earlier connection of it is replaced.</summary>
    public void Connect(string source, string outcome, string target) => Apply(m =>
    {
        if (m.Connections.Any(c => c.Source == source && c.Outcome == outcome && c.Target == target))
        {
            return m;
        }

        var kept = m.Connections.Where(c => !(c.Source == source && c.Outcome == outcome));
        return m with { Connections = [.. kept, new WorkflowConnectionModel { Source = source, Outcome = outcome, Target = target }] };
    });

    public void RemoveConnection(string source, string outcome, string target) => Apply(m => m with
    {
        Connections = m.Connections.Where(c => !(c.Source == source && c.Outcome == outcome && c.Target == target)).ToList(),
    });

    public void UpdateActivity(string id, Func<WorkflowActivityModel, WorkflowActivityModel> change, string mergeKey) =>
        Apply(m => m with { Activities = m.Activities.Select(a => a.Id == id ? change(a) : a).ToList() }, id + "/" + mergeKey);

    public void SetInput(string id, string input, WorkflowInputValue? value) => UpdateActivity(id, a =>
    {
        var inputs = new Dictionary<string, WorkflowInputValue>(a.Inputs);
        if (value is null)
        {
            inputs.Remove(input);
        }
        else
        {
            inputs[input] = value;
        }

        return a with { Inputs = inputs };
    }, "inputs." + input + "." + value?.Type);

    /// <summary>Renames an outcome in a listed-outcomes input and keeps its connections.</summary>
    public void RenameOutcome(string id, string from, string to) =>
        Apply(m => m with
        {
            Connections = m.Connections.Select(c => c.Source == id && c.Outcome == from ? c with { Outcome = to } : c).ToList(),
        }, id + "/outcome-rename/" + from);

    public void AutoLayout() => Apply(m => WorkflowAutoLayout.Arrange(m, LayoutOptions(registry)));

    private string NewId(string type)
    {
        var stem = string.Concat(type.Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(ch) : ch.ToString()));
        for (var n = 1; ; n++)
        {
            var id = $"{stem}-{n}";
            if (Model.Activities.All(a => a.Id != id))
            {
                return id;
            }
        }
    }

    // ---- the diagram's view ----------------------------------------------------------------------------------------

    public const double NodeWidth = 220;
    private const double Header = 64;
    private const double Row = 24;

    public static WorkflowLayoutOptions LayoutOptions(ActivityRegistry registry) => new()
    {
        NodeWidth = NodeWidth,
        NodeHeight = a => NodeHeight(Ports(a, registry)),
        LayerGap = 80,
        NodeGap = 34,
    };

    private static double NodeHeight(IReadOnlyList<DiagramPort> ports) => IsCompact(ports) ? Header : Header + ports.Count * Row + 6;

    private static bool IsCompact(IReadOnlyList<DiagramPort> ports) => ports.Count == 0 || (ports.Count == 1 && ports[0].Name == ActivityOutcomes.Done);

    /// <summary>The outcomes an activity shows as ports, with their Russian labels.</summary>
    public static IReadOnlyList<DiagramPort> Ports(WorkflowActivityModel activity, ActivityRegistry registry)
    {
        var descriptor = registry.Find(activity.Type);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (descriptor?.OutcomesFromInput is { } inputName && activity.Inputs.TryGetValue(inputName, out var listed) && listed.Value is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                if (Text(item["name"]) is { } name && Text(item["label"]) is { Length: > 0 } label)
                {
                    labels[name] = label;
                }
            }
        }

        return registry.GetOutcomes(activity)
            .Select(o => new DiagramPort(o, labels.GetValueOrDefault(o) ?? descriptor?.OutcomeDisplayNames.GetValueOrDefault(o) ?? DesignerText.Outcome(o)))
            .ToList();
    }

    /// <summary>Whether stored positions would make the drawn nodes overlap (files written for another node size).</summary>
    public bool NeedsLayout()
    {
        if (Model.Activities.Any(a => a.Position is null))
        {
            return true;
        }

        var boxes = Model.Activities.Select(a => (a.Position!.X, a.Position.Y, H: NodeHeight(Ports(a, registry)))).ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                if (boxes[i].X < boxes[j].X + NodeWidth + 20 && boxes[j].X < boxes[i].X + NodeWidth + 20
                    && boxes[i].Y < boxes[j].Y + boxes[j].H + 10 && boxes[j].Y < boxes[i].Y + boxes[i].H + 10)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The nearest place at or below (x, y) where a new node overlaps no other (rounded to the 10-point grid).</summary>
    public (double X, double Y) FreeSpotNear(double x, double y)
    {
        var boxes = Model.Activities.Where(a => a.Position is not null)
            .Select(a => (a.Position!.X, a.Position.Y, H: NodeHeight(Ports(a, registry)))).ToList();
        x = Math.Round(x / 10) * 10;
        for (var step = 0; step < 60; step++)
        {
            var candidate = Math.Round((y + (step % 2 == 0 ? 1 : -1) * (step + 1) / 2 * 50) / 10) * 10;
            if (boxes.All(b => b.X >= x + NodeWidth + 20 || x >= b.X + NodeWidth + 20 || b.Y >= candidate + Header + 100 || candidate >= b.Y + b.H + 20))
            {
                return (x, candidate);
            }
        }

        return (x, Math.Round(y / 10) * 10);
    }

    /// <summary>Replaces the model without an undo step and makes it the baseline (a layout of freshly opened files).</summary>
    public void ResetTo(WorkflowDefinitionModel model)
    {
        Model = model;
        Baseline = model;
        _undo.Clear();
        _redo.Clear();
    }

    public static DiagramView BuildView(
        WorkflowDefinitionModel model, ActivityRegistry registry, ILookup<string?, string>? errors = null,
        IReadOnlyDictionary<string, ActivityRunState>? states = null, ISet<(string Source, string Outcome)>? taken = null)
    {
        var nodes = model.Activities.Select(a =>
        {
            var descriptor = registry.Find(a.Type);
            var ports = Ports(a, registry);
            var state = states?.GetValueOrDefault(a.Id) ?? (states is null ? null : ActivityRunState.NotReached);
            return new DiagramNode(
                a.Id, a.Type, descriptor?.DisplayName ?? a.Type, string.IsNullOrWhiteSpace(a.DisplayName) ? a.Id : a.DisplayName!,
                DesignerText.CategoryKey(descriptor?.Category),
                a.Position?.X ?? 0, a.Position?.Y ?? 0, NodeWidth, NodeHeight(ports),
                a.Type != "Start", IsCompact(ports), ports,
                errors?[a.Id].Distinct().ToList() ?? [],
                state is { } s ? DesignerText.StateKey(s) : null,
                state is { } s2 ? DesignerText.StateName(s2) : null,
                state is { } s3 ? DesignerText.StateIcon(s3) : null);
        }).ToList();
        var connections = model.Connections
            .Select(c => new DiagramConnection(c.Source, c.Outcome, c.Target, taken?.Contains((c.Source, c.Outcome)) ?? false))
            .ToList();
        return new DiagramView(nodes, connections);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>What an activity did in an instance, for the viewer's colours.</summary>
public enum ActivityRunState
{
    NotReached,
    Done,
    Waiting,
    Failed,
}

public sealed record DiagramPort(string Name, string Label);

public sealed record DiagramNode(
    string Id, string Type, string TypeLabel, string Label, string CategoryKey, double X, double Y, double Width, double Height,
    bool HasInput, bool CompactPort, IReadOnlyList<DiagramPort> Outcomes, IReadOnlyList<string> Errors,
    string? State, string? StateLabel, string? StateIcon);

public sealed record DiagramConnection(string Source, string Outcome, string Target, bool Taken);

public sealed record DiagramView(IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramConnection> Connections);
