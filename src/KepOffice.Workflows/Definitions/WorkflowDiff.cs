using System.Text.Json.Nodes;

namespace KepOffice.Workflows.Definitions;

/// <summary>
/// What changed between two versions of a definition, for the versions page. Activities are matched by id (ids stay
/// stable across versions). A change of designer position alone is not a change of behaviour: such activities are listed
/// in <see cref="Moved"/> and never in <see cref="ChangedActivities"/>.
/// </summary>
/// <param name="FromVersion">The older side.</param>
/// <param name="ToVersion">The newer side.</param>
/// <param name="Definition">Changes of the definition's name and description.</param>
/// <param name="AddedActivities">Activities only in <paramref name="ToVersion"/>.</param>
/// <param name="RemovedActivities">Activities only in <paramref name="FromVersion"/>.</param>
/// <param name="ChangedActivities">Activities in both whose type, caption or inputs differ.</param>
/// <param name="Moved">Ids of activities in both whose only difference is the designer position.</param>
/// <param name="AddedConnections">Connections only in <paramref name="ToVersion"/>.</param>
/// <param name="RemovedConnections">Connections only in <paramref name="FromVersion"/>.</param>
/// <param name="Variables">Declared variables added (old null), removed (new null) or changed.</param>
public sealed record WorkflowDiffResult(
    int FromVersion,
    int ToVersion,
    IReadOnlyList<WorkflowFieldChange> Definition,
    IReadOnlyList<WorkflowActivitySummary> AddedActivities,
    IReadOnlyList<WorkflowActivitySummary> RemovedActivities,
    IReadOnlyList<WorkflowActivityChange> ChangedActivities,
    IReadOnlyList<string> Moved,
    IReadOnlyList<WorkflowConnectionModel> AddedConnections,
    IReadOnlyList<WorkflowConnectionModel> RemovedConnections,
    IReadOnlyList<WorkflowFieldChange> Variables)
{
    /// <summary>True when the versions behave the same (positions may still differ: see <see cref="Moved"/>).</summary>
    public bool HasChanges => Definition.Count + AddedActivities.Count + RemovedActivities.Count + ChangedActivities.Count
        + AddedConnections.Count + RemovedConnections.Count + Variables.Count > 0;

    /// <summary>True when nothing differs at all, positions included.</summary>
    public bool IsEmpty => !HasChanges && Moved.Count == 0;
}

/// <summary>An activity named in a diff.</summary>
/// <param name="Id">Activity id.</param>
/// <param name="Type">Activity type.</param>
/// <param name="DisplayName">Caption, if any.</param>
public sealed record WorkflowActivitySummary(string Id, string Type, string? DisplayName);

/// <summary>An activity present in both versions with different content.</summary>
/// <param name="Id">Activity id.</param>
/// <param name="Type">Type in the newer version.</param>
/// <param name="DisplayName">Caption in the newer version.</param>
/// <param name="Changes">Each changed field: <c>type</c>, <c>displayName</c> or <c>inputs.NAME</c>.</param>
public sealed record WorkflowActivityChange(string Id, string Type, string? DisplayName, IReadOnlyList<WorkflowFieldChange> Changes);

/// <summary>One changed field; <see cref="Old"/> is null when the field was added, <see cref="New"/> when it was removed.</summary>
/// <param name="Field">Field name, e.g. <c>inputs.role</c>, <c>variables.fee</c>, <c>name</c>.</param>
/// <param name="Old">Readable old value.</param>
/// <param name="New">Readable new value.</param>
public sealed record WorkflowFieldChange(string Field, string? Old, string? New);

/// <summary>Computes <see cref="WorkflowDiffResult"/>; pure, no I/O.</summary>
public static class WorkflowDiff
{
    /// <summary>Compares <paramref name="from"/> with <paramref name="to"/>.</summary>
    public static WorkflowDiffResult Compare(WorkflowDefinitionModel from, WorkflowDefinitionModel to)
    {
        var definition = new List<WorkflowFieldChange>();
        AddIfDifferent(definition, "name", from.Name, to.Name);
        AddIfDifferent(definition, "description", from.Description, to.Description);

        var oldActivities = ById(from.Activities);
        var newActivities = ById(to.Activities);
        var added = to.Activities.Where(a => !oldActivities.ContainsKey(a.Id)).Select(Summary).ToList();
        var removed = from.Activities.Where(a => !newActivities.ContainsKey(a.Id)).Select(Summary).ToList();
        var changed = new List<WorkflowActivityChange>();
        var moved = new List<string>();
        foreach (var after in to.Activities)
        {
            if (!oldActivities.TryGetValue(after.Id, out var before) || ReferenceEquals(before, after))
            {
                continue;
            }

            var changes = CompareActivity(before, after);
            if (changes.Count > 0)
            {
                changed.Add(new WorkflowActivityChange(after.Id, after.Type, after.DisplayName, changes));
            }
            else if (before.Position != after.Position)
            {
                moved.Add(after.Id);
            }
        }

        var oldConnections = from.Connections.Select(Key).ToHashSet();
        var newConnections = to.Connections.Select(Key).ToHashSet();
        var addedConnections = to.Connections.Where(c => !oldConnections.Contains(Key(c))).DistinctBy(Key).ToList();
        var removedConnections = from.Connections.Where(c => !newConnections.Contains(Key(c))).DistinctBy(Key).ToList();

        return new WorkflowDiffResult(
            from.Version, to.Version, definition, added, removed, changed, moved, addedConnections, removedConnections,
            CompareVariables(from.Variables, to.Variables));
    }

    /// <summary>Readable text of an input value: literals as JSON, expressions and variables with their kind.</summary>
    public static string Describe(WorkflowInputValue value) => value.Type switch
    {
        WorkflowInputKind.Literal => Json(value.Value),
        WorkflowInputKind.Variable => "переменная " + Text(value.Value),
        WorkflowInputKind.JavaScript => "выражение " + Text(value.Value),
        _ => Json(value.Value),
    };

    private static List<WorkflowFieldChange> CompareActivity(WorkflowActivityModel before, WorkflowActivityModel after)
    {
        var changes = new List<WorkflowFieldChange>();
        AddIfDifferent(changes, "type", before.Type, after.Type);
        AddIfDifferent(changes, "displayName", before.DisplayName, after.DisplayName);
        foreach (var name in before.Inputs.Keys.Union(after.Inputs.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.Inputs.TryGetValue(name, out var o) && o is not null ? o : null;
            var now = after.Inputs.TryGetValue(name, out var n) && n is not null ? n : null;
            if (old is not null && now is not null && old.Type == now.Type && JsonNode.DeepEquals(old.Value, now.Value))
            {
                continue;
            }

            if (old is not null || now is not null)
            {
                changes.Add(new WorkflowFieldChange("inputs." + name, old is null ? null : Describe(old), now is null ? null : Describe(now)));
            }
        }

        AddIfDifferent(changes, "retry", DescribeRetry(before.Retry), DescribeRetry(after.Retry));
        return changes;
    }

    /// <summary>E.g. "maxAttempts 6, initialDelay PT10S"; null when the activity has no policy of its own.</summary>
    private static string? DescribeRetry(WorkflowRetryModel? retry)
    {
        if (retry is null)
        {
            return null;
        }

        var parts = new List<string>();
        if (retry.MaxAttempts is { } attempts) parts.Add($"maxAttempts {attempts}");
        if (retry.InitialDelay is { } initial) parts.Add($"initialDelay {initial}");
        if (retry.Multiplier is { } multiplier) parts.Add($"multiplier {multiplier.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (retry.MaxDelay is { } max) parts.Add($"maxDelay {max}");
        return string.Join(", ", parts);
    }

    private static List<WorkflowFieldChange> CompareVariables(IReadOnlyList<WorkflowVariableModel> before, IReadOnlyList<WorkflowVariableModel> after)
    {
        var old = before.GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = after.GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changes = new List<WorkflowFieldChange>();
        foreach (var name in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var o = old.GetValueOrDefault(name);
            var n = now.GetValueOrDefault(name);
            if (o is not null && n is not null && o.Type == n.Type && JsonNode.DeepEquals(o.Default, n.Default))
            {
                continue;
            }

            changes.Add(new WorkflowFieldChange("variables." + name, o is null ? null : Describe(o), n is null ? null : Describe(n)));
        }

        return changes;
    }

    private static string Describe(WorkflowVariableModel variable) =>
        (variable.Type ?? "без типа") + (variable.Default is null ? "" : " = " + Json(variable.Default));

    private static void AddIfDifferent(List<WorkflowFieldChange> changes, string field, string? old, string? now)
    {
        if (!string.Equals(old ?? "", now ?? "", StringComparison.Ordinal))
        {
            changes.Add(new WorkflowFieldChange(field, old, now));
        }
    }

    private static Dictionary<string, WorkflowActivityModel> ById(IEnumerable<WorkflowActivityModel> activities) =>
        activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static WorkflowActivitySummary Summary(WorkflowActivityModel activity) => new(activity.Id, activity.Type, activity.DisplayName);

    private static (string, string, string) Key(WorkflowConnectionModel c) => (c.Source, c.Outcome, c.Target);

    private static string Text(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : Json(value);

    private static string Json(JsonNode? value) => value is null ? "null" : value.ToJsonString(WorkflowJson.Compact);
}
