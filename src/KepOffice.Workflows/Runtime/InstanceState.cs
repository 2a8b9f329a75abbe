using System.Text.Json;
using System.Text.Json.Nodes;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;

namespace KepOffice.Workflows.Runtime;

/// <summary>The continuation of an instance, persisted as one JSON document.</summary>
internal sealed class InstanceState
{
    public JsonObject Variables { get; set; } = [];

    /// <summary>Pending work, executed in order; a restarted node continues from here.</summary>
    public List<WorkItem> Queue { get; set; } = [];

    /// <summary>Private per-activity state (e.g. join arrivals).</summary>
    public Dictionary<string, JsonNode?> ActivityStates { get; set; } = [];

    /// <summary>Bookmarks currently open (mirrors the bookmark rows).</summary>
    public List<BookmarkRef> Bookmarks { get; set; } = [];

    /// <summary>Activities executed since the instance last waited; guards against endless loops.</summary>
    public int ExecutedSinceWait { get; set; }

    /// <summary>The work item whose retries ran out; re-queued by a manual retry.</summary>
    public WorkItem? FaultedItem { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, WorkflowJson.Compact);

    public static InstanceState FromJson(string json) =>
        JsonSerializer.Deserialize<InstanceState>(json, WorkflowJson.Compact) ?? new InstanceState();
}

internal enum WorkItemKind
{
    Execute,
    Resume,
}

internal sealed class WorkItem
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string ActivityId { get; set; } = "";
    public WorkItemKind Kind { get; set; }
    public int Attempt { get; set; } = 1;
    public string? SourceActivityId { get; set; }
    public ResumedBookmark? Bookmark { get; set; }
    public Guid? JournalId { get; set; }
    public string? ActorId { get; set; }
}

internal sealed record BookmarkRef(Guid Id, string ActivityId, BookmarkKind Kind);

/// <summary>The bookmark being resumed, as seen by <see cref="IActivity.ResumeAsync"/>.</summary>
/// <param name="Id">Bookmark id.</param>
/// <param name="Kind">Bookmark kind.</param>
/// <param name="Name">Stimulus name, if any.</param>
/// <param name="Payload">Data the activity stored with the bookmark.</param>
/// <param name="Input">Data supplied by the resumer (stimulus payload, task form data).</param>
/// <param name="Outcome">Outcome chosen by the user (human tasks).</param>
public sealed record ResumedBookmark(Guid Id, BookmarkKind Kind, string? Name, JsonObject? Payload, JsonObject? Input, string? Outcome);
