using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KepOffice.Workflows.Activities;

/// <summary>Describes an activity type for the designer (property panels are generated from it) and for validation.</summary>
public sealed record ActivityDescriptor
{
    /// <summary>Type name used in definition JSON, e.g. <c>HumanTask</c>.</summary>
    public required string TypeName { get; init; }

    /// <summary>Russian display name.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Russian category for the designer's toolbox.</summary>
    public required string Category { get; init; }

    /// <summary>Russian description.</summary>
    public string? Description { get; init; }

    /// <summary>Inputs with UI hints.</summary>
    public IReadOnlyList<ActivityInputDescriptor> Inputs { get; init; } = [];

    /// <summary>Outputs the activity writes (e.g. into a variable).</summary>
    public IReadOnlyList<ActivityOutputDescriptor> Outputs { get; init; } = [];

    /// <summary>Outcomes the activity always has.</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [ActivityOutcomes.Done];

    /// <summary>
    /// Name of a literal input that lists further outcomes (strings, or objects with a <c>name</c>), e.g. HumanTask's
    /// <c>outcomes</c> or Switch's <c>cases</c>.
    /// </summary>
    public string? OutcomesFromInput { get; init; }

    /// <summary>
    /// Russian labels of outcomes by outcome name, shown on the designer's ports. Outcomes listed by an input may carry
    /// their own label (<c>{ "name": "Approve", "label": "Документы в порядке" }</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> OutcomeDisplayNames { get; init; } = new Dictionary<string, string>();
}

/// <summary>How the designer edits an input.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InputUiHint>))]
public enum InputUiHint
{
    /// <summary>Single-line text.</summary>
    Text,
    /// <summary>Multi-line text.</summary>
    Multiline,
    /// <summary>A role picker.</summary>
    RolePicker,
    /// <summary>A duration (ISO 8601 <c>PT2H</c> or <c>d.hh:mm:ss</c>).</summary>
    Duration,
    /// <summary>A JavaScript expression editor.</summary>
    Expression,
    /// <summary>A list of outcome names (or named cases).</summary>
    OutcomesList,
    /// <summary>An e-mail/document template picker.</summary>
    TemplatePicker,
    /// <summary>A number.</summary>
    Number,
    /// <summary>A check box.</summary>
    Bool,
    /// <summary>A list of form fields (name, label, type, required).</summary>
    FormFields,
    /// <summary>A variable picker.</summary>
    VariablePicker,
    /// <summary>A choice from <see cref="ActivityInputDescriptor.Options"/>.</summary>
    Dropdown,
}

/// <summary>One input of an activity type.</summary>
public sealed record ActivityInputDescriptor
{
    /// <summary>Input name (key in <c>inputs</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Russian label.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Editor kind.</summary>
    public required InputUiHint UiHint { get; init; }

    /// <summary>Validation fails when a required input is missing or empty.</summary>
    public bool Required { get; init; }

    /// <summary>Only the <c>Literal</c> kind is accepted (the value shapes the flowchart, e.g. outcome lists).</summary>
    public bool LiteralOnly { get; init; }

    /// <summary>Russian help text.</summary>
    public string? Description { get; init; }

    /// <summary>Value used when the input is absent.</summary>
    public JsonNode? DefaultValue { get; init; }

    /// <summary>Choices for <see cref="InputUiHint.Dropdown"/>.</summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>For literal arrays of objects: the field of each item that holds a JavaScript expression (validated by parsing).</summary>
    public string? ItemExpressionField { get; init; }
}

/// <summary>An output of an activity type.</summary>
/// <param name="Name">Output name.</param>
/// <param name="DisplayName">Russian label.</param>
/// <param name="Type">Informational value type.</param>
public sealed record ActivityOutputDescriptor(string Name, string DisplayName, string Type);
