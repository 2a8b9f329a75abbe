using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KepOffice.Workflows.Activities;

/// <summary>What an activity execution produced: outcomes to follow, or bookmarks to wait on.</summary>
public sealed class ActivityResult
{
    private ActivityResult(IReadOnlyList<string> outcomes, IReadOnlyList<BookmarkRequest> bookmarks)
    {
        Outcomes = outcomes;
        Bookmarks = bookmarks;
    }

    /// <summary>Outcomes whose connections are followed.</summary>
    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>Bookmarks to create; the activity waits until one is resumed.</summary>
    public IReadOnlyList<BookmarkRequest> Bookmarks { get; }

    internal bool CancelInboundBranches { get; private init; }

    /// <summary>Completes with the given outcomes (none ends the branch).</summary>
    public static ActivityResult Complete(params string[] outcomes) => new(outcomes, []);

    /// <summary>Waits on the given bookmarks.</summary>
    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks) =>
        bookmarks.Length == 0 ? throw new ArgumentException("At least one bookmark is required.", nameof(bookmarks)) : new([], bookmarks);

    internal static ActivityResult CompleteCancellingInbound(string outcome) => new([outcome], []) { CancelInboundBranches = true };
}

/// <summary>The kinds of bookmark.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BookmarkKind>))]
public enum BookmarkKind
{
    /// <summary>Waits for a person to complete a task.</summary>
    HumanTask,
    /// <summary>Waits for a named stimulus correlated by the instance's correlation id.</summary>
    Stimulus,
    /// <summary>Waits until a due time.</summary>
    Timer,
}

/// <summary>A bookmark an activity asks for.</summary>
public sealed record BookmarkRequest
{
    /// <summary>Kind of bookmark.</summary>
    public required BookmarkKind Kind { get; init; }

    /// <summary>Stimulus name (for <see cref="BookmarkKind.Stimulus"/>).</summary>
    public string? StimulusName { get; init; }

    /// <summary>Due time (for <see cref="BookmarkKind.Timer"/>).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The task to create (for <see cref="BookmarkKind.HumanTask"/>).</summary>
    public HumanTaskRequest? Task { get; init; }

    /// <summary>Data the activity gets back on resume.</summary>
    public JsonObject? Payload { get; init; }

    /// <summary>Waits for the stimulus <paramref name="name"/> with the instance's correlation id.</summary>
    public static BookmarkRequest Stimulus(string name, JsonObject? payload = null) =>
        new() { Kind = BookmarkKind.Stimulus, StimulusName = name, Payload = payload };

    /// <summary>Waits until <paramref name="dueAt"/>.</summary>
    public static BookmarkRequest Timer(DateTimeOffset dueAt, JsonObject? payload = null) =>
        new() { Kind = BookmarkKind.Timer, DueAt = dueAt, Payload = payload };

    /// <summary>Creates a human task and waits for its completion.</summary>
    public static BookmarkRequest HumanTask(HumanTaskRequest task) => new() { Kind = BookmarkKind.HumanTask, Task = task };
}

/// <summary>A human task to create.</summary>
public sealed record HumanTaskRequest
{
    /// <summary>Title shown in the inbox.</summary>
    public required string Title { get; init; }

    /// <summary>Longer description.</summary>
    public string? Description { get; init; }

    /// <summary>Role whose members may work the task.</summary>
    public string? Role { get; init; }

    /// <summary>User the task is assigned to, if any.</summary>
    public string? AssigneeId { get; init; }

    /// <summary>User who may not work the task (four eyes), if any.</summary>
    public string? ExcludedUserId { get; init; }

    /// <summary>Form fields the user fills in.</summary>
    public IReadOnlyList<HumanTaskFormField> FormFields { get; init; } = [];

    /// <summary>Outcomes the user may choose.</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [ActivityOutcomes.Done];

    /// <summary>Deadline.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Role notified once the deadline passes.</summary>
    public string? EscalationRole { get; init; }
}

/// <summary>A field of a task's form; the value becomes the workflow variable <see cref="Name"/>.</summary>
/// <param name="Name">Field and variable name.</param>
/// <param name="Label">Russian label.</param>
/// <param name="Type">Editor type: text, multiline, number, bool, date, file, select.</param>
/// <param name="Required">Completion is refused while a required field is empty.</param>
public sealed record HumanTaskFormField(string Name, string Label, string Type = "text", bool Required = false);
