using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Expressions;
using KepOffice.Workflows.Runtime;

namespace KepOffice.Workflows.Activities;

/// <summary>What an activity sees while it runs: its inputs (evaluated on demand), the variables, the instance and the clock.</summary>
public sealed class ActivityExecutionContext
{
    private readonly InstanceState _state;
    private readonly JavaScriptEvaluator _evaluator;

    internal ActivityExecutionContext(
        InstanceState state,
        JavaScriptEvaluator evaluator,
        WorkflowActivityModel activity,
        WorkItem item,
        InstanceInfo instance,
        IReadOnlyList<string> incomingSources,
        IServiceProvider services,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        _state = state;
        _evaluator = evaluator;
        Activity = activity;
        Attempt = item.Attempt;
        SourceActivityId = item.SourceActivityId;
        Bookmark = item.Bookmark;
        ActorId = item.ActorId;
        InstanceId = instance.Id;
        DefinitionId = instance.DefinitionId;
        DefinitionVersion = instance.Version;
        CorrelationId = instance.CorrelationId;
        IncomingSources = incomingSources;
        Services = services;
        Now = now;
        CancellationToken = cancellationToken;
    }

    /// <summary>Instance id.</summary>
    public Guid InstanceId { get; }

    /// <summary>Logical definition id.</summary>
    public string DefinitionId { get; }

    /// <summary>Definition version the instance is pinned to.</summary>
    public int DefinitionVersion { get; }

    /// <summary>Correlation id (e.g. application number), if any.</summary>
    public string? CorrelationId { get; }

    /// <summary>The activity as defined.</summary>
    public WorkflowActivityModel Activity { get; }

    /// <summary>The activity id.</summary>
    public string ActivityId => Activity.Id;

    /// <summary>1 for the first try, incremented by each automatic retry.</summary>
    public int Attempt { get; }

    /// <summary>The activity whose outcome scheduled this execution, if any.</summary>
    public string? SourceActivityId { get; }

    /// <summary>Distinct ids of the activities connected into this one.</summary>
    public IReadOnlyList<string> IncomingSources { get; }

    /// <summary>The bookmark being resumed (in <see cref="IActivity.ResumeAsync"/>), else null.</summary>
    public ResumedBookmark? Bookmark { get; }

    /// <summary>Id of the user whose action led to this execution, if any.</summary>
    public string? ActorId { get; }

    /// <summary>Services of the current unit of work (the same DbContext commits with the workflow state).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Current time from the injected <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Cancellation of the surrounding operation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>A read-only copy of the variables.</summary>
    public JsonObject VariablesSnapshot => (JsonObject)_state.Variables.DeepClone();

    /// <summary>Evaluates input <paramref name="name"/> (literal, variable or JavaScript); null when absent.</summary>
    public JsonNode? GetInput(string name)
    {
        if (!Activity.Inputs.TryGetValue(name, out var input))
        {
            return null;
        }

        return input.Type switch
        {
            WorkflowInputKind.Literal => input.Value?.DeepClone(),
            WorkflowInputKind.Variable => GetVariable(input.Value?.GetValue<string>() ?? ""),
            WorkflowInputKind.JavaScript => Evaluate(input.Value?.GetValue<string>() ?? "", name),
            _ => throw new InvalidOperationException("Unknown input kind."),
        };
    }

    /// <summary>Evaluates an input as text (numbers and booleans are formatted invariantly).</summary>
    public string? GetInputString(string name) => AsString(GetInput(name));

    /// <summary>Evaluates an input as a boolean (JavaScript truthiness for non-booleans).</summary>
    public bool GetInputBool(string name) => Truthy(GetInput(name));

    /// <summary>Evaluates an input as a duration: ISO 8601 (<c>PT2H</c>, <c>P3D</c>) or <c>d.hh:mm:ss</c>.</summary>
    public TimeSpan? GetInputDuration(string name) => ParseDuration(GetInputString(name));

    /// <summary>Evaluates an input and deserializes it.</summary>
    public T? GetInput<T>(string name) => GetInput(name) is { } node ? node.Deserialize<T>(WorkflowJson.Options) : default;

    /// <summary>Evaluates a JavaScript expression against the variables.</summary>
    public JsonNode? Evaluate(string expression, string field = "expression") =>
        _evaluator.Evaluate(expression, _state.Variables, CorrelationId, ActivityId, field);

    /// <summary>Evaluates a JavaScript expression as a condition.</summary>
    public bool EvaluateCondition(string expression, string field = "condition") => Truthy(Evaluate(expression, field));

    /// <summary>Reads a variable (a copy), or null.</summary>
    public JsonNode? GetVariable(string name) => _state.Variables[name]?.DeepClone();

    /// <summary>Writes a variable.</summary>
    public void SetVariable(string name, JsonNode? value) => _state.Variables[name] = value?.DeepClone();

    /// <summary>Private state this activity keeps across executions in the instance (e.g. join arrivals).</summary>
    public JsonNode? GetActivityState() => _state.ActivityStates.GetValueOrDefault(ActivityId)?.DeepClone();

    /// <summary>Replaces the activity's private state; null removes it.</summary>
    public void SetActivityState(JsonNode? value)
    {
        if (value is null)
        {
            _state.ActivityStates.Remove(ActivityId);
        }
        else
        {
            _state.ActivityStates[ActivityId] = value;
        }
    }

    internal static string? AsString(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(WorkflowJson.Compact),
    };

    internal static bool Truthy(JsonNode? node) => node switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => v.GetValue<double>() is var d && d != 0 && !double.IsNaN(d),
            _ => false,
        },
        _ => true,
    };

    /// <summary>
    /// A duration as definitions write it: ISO 8601 (<c>PT30S</c>, <c>P2D</c>) or d.hh:mm:ss; null when empty, unparsable or
    /// out of range. The one parser of durations for the runtime, the validator and the designer.
    /// </summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        try
        {
            return text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal)
                ? XmlConvert.ToTimeSpan(text)
                : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}

internal sealed record InstanceInfo(Guid Id, string DefinitionId, int Version, string? CorrelationId);
