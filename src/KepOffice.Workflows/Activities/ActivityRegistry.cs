using System.Text.Json;
using System.Text.Json.Nodes;
using KepOffice.Workflows.Definitions;

namespace KepOffice.Workflows.Activities;

/// <summary>The registered activity types; the designer reads <see cref="Descriptors"/> to build its toolbox and property panels.</summary>
public sealed class ActivityRegistry
{
    private readonly IReadOnlyDictionary<string, (Type Type, ActivityDescriptor Descriptor)> _activities;

    internal ActivityRegistry(WorkflowsOptions options) => _activities = options.Activities;

    /// <summary>Every registered activity type, ordered by category and name.</summary>
    public IReadOnlyList<ActivityDescriptor> Descriptors =>
        _activities.Values.Select(a => a.Descriptor).OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.TypeName, StringComparer.Ordinal).ToList();

    /// <summary>The descriptor of <paramref name="typeName"/>, or null when not registered.</summary>
    public ActivityDescriptor? Find(string typeName) => _activities.TryGetValue(typeName, out var a) ? a.Descriptor : null;

    /// <summary>The outcomes the activity can produce: the static ones plus those listed by its outcome input.</summary>
    public IReadOnlyList<string> GetOutcomes(WorkflowActivityModel activity)
    {
        if (Find(activity.Type) is not { } descriptor)
        {
            return [];
        }

        var outcomes = new List<string>();
        if (descriptor.OutcomesFromInput is { } inputName
            && activity.Inputs.TryGetValue(inputName, out var input)
            && input.Type == WorkflowInputKind.Literal)
        {
            outcomes.AddRange(ReadNames(input.Value));
        }

        foreach (var outcome in descriptor.Outcomes)
        {
            if (!outcomes.Contains(outcome, StringComparer.Ordinal))
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    internal Type? FindClrType(string typeName) => _activities.TryGetValue(typeName, out var a) ? a.Type : null;

    /// <summary>Reads a list given as strings or as objects with a <c>name</c>.</summary>
    internal static IEnumerable<string> ReadNames(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            yield break;
        }

        foreach (var item in array)
        {
            var name = item switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonObject o when o["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String => n.GetValue<string>(),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(name))
            {
                yield return name;
            }
        }
    }
}
