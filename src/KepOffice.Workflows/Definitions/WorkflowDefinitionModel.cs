using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KepOffice.Workflows.Definitions;

/// <summary>A flowchart definition as written in the JSON files and edited by the designer.</summary>
public sealed record WorkflowDefinitionModel
{
    /// <summary>Link to <c>workflow.schema.json</c>; every file carries one.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>Logical definition id (kebab-case), stable across versions.</summary>
    public string Id { get; init; } = "";

    /// <summary>Name shown to users.</summary>
    public string Name { get; init; } = "";

    /// <summary>Version number; assigned by the store, informational in imported files.</summary>
    public int Version { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Declared workflow variables.</summary>
    public IReadOnlyList<WorkflowVariableModel> Variables { get; init; } = [];

    /// <summary>The activities; their ids stay stable across versions.</summary>
    public IReadOnlyList<WorkflowActivityModel> Activities { get; init; } = [];

    /// <summary>Connections from an activity's outcome to the next activity.</summary>
    public IReadOnlyList<WorkflowConnectionModel> Connections { get; init; } = [];
}

/// <summary>A declared variable.</summary>
public sealed record WorkflowVariableModel
{
    /// <summary>Variable name, a JavaScript identifier.</summary>
    public string Name { get; init; } = "";

    /// <summary>Informational type: String, Number, Boolean, Object, Array, DateTime.</summary>
    public string? Type { get; init; }

    /// <summary>Initial value.</summary>
    public JsonNode? Default { get; init; }
}

/// <summary>One activity of the flowchart.</summary>
public sealed record WorkflowActivityModel
{
    /// <summary>Id unique in the definition and stable across versions.</summary>
    public string Id { get; init; } = "";

    /// <summary>Activity type name as registered, e.g. <c>HumanTask</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Caption in the designer.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Input values by input name.</summary>
    public IReadOnlyDictionary<string, WorkflowInputValue> Inputs { get; init; } = new Dictionary<string, WorkflowInputValue>();

    /// <summary>Designer position.</summary>
    public WorkflowPosition? Position { get; init; }

    /// <summary>How this activity is retried when it throws; what is not set comes from <c>KepOffice:Workflows:Retry</c>.</summary>
    public WorkflowRetryModel? Retry { get; init; }
}

/// <summary>
/// An activity's own retry policy, e.g. <c>{ "maxAttempts": 6, "initialDelay": "PT10S" }</c> for a call to an outside
/// service that is often briefly away, or <c>{ "maxAttempts": 1 }</c> for a step that must not run twice.
/// </summary>
public sealed record WorkflowRetryModel
{
    /// <summary>Attempts in all, the first included (1 to 100); 1 raises an incident at the first failure.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Delay before the second attempt, ISO 8601 (<c>PT30S</c>) or d.hh:mm:ss.</summary>
    public string? InitialDelay { get; init; }

    /// <summary>Growth of the delay per attempt (1 to 10).</summary>
    public double? Multiplier { get; init; }

    /// <summary>Upper bound of a delay, ISO 8601 or d.hh:mm:ss.</summary>
    public string? MaxDelay { get; init; }
}

/// <summary>How an input value is obtained.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowInputKind>))]
public enum WorkflowInputKind
{
    /// <summary>The value as written.</summary>
    Literal,
    /// <summary>The value of the variable whose name is written.</summary>
    Variable,
    /// <summary>The result of the JavaScript expression written.</summary>
    JavaScript,
}

/// <summary>An input value: <c>{ "type": "Literal|Variable|JavaScript", "value": … }</c>.</summary>
public sealed record WorkflowInputValue
{
    /// <summary>How <see cref="Value"/> is interpreted.</summary>
    public WorkflowInputKind Type { get; init; }

    /// <summary>A literal JSON value, a variable name or an expression text.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>Creates a literal input.</summary>
    public static WorkflowInputValue Literal(JsonNode? value) => new() { Type = WorkflowInputKind.Literal, Value = value };

    /// <summary>Creates a JavaScript input.</summary>
    public static WorkflowInputValue JavaScript(string expression) => new() { Type = WorkflowInputKind.JavaScript, Value = expression };

    /// <summary>Creates a variable input.</summary>
    public static WorkflowInputValue Variable(string name) => new() { Type = WorkflowInputKind.Variable, Value = name };
}

/// <summary>Designer coordinates.</summary>
/// <param name="X">Horizontal position.</param>
/// <param name="Y">Vertical position.</param>
public sealed record WorkflowPosition(double X, double Y);

/// <summary>A connection from <see cref="Source"/>'s <see cref="Outcome"/> to <see cref="Target"/>.</summary>
public sealed record WorkflowConnectionModel
{
    /// <summary>Source activity id.</summary>
    public string Source { get; init; } = "";

    /// <summary>The source's outcome (port); defaults to <c>Done</c>.</summary>
    public string Outcome { get; init; } = "Done";

    /// <summary>Target activity id.</summary>
    public string Target { get; init; } = "";
}
