using System.Text.Json.Nodes;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;

namespace KepOffice.Workflows;

/// <summary>A page of results.</summary>
/// <param name="Items">The items of the page.</param>
/// <param name="Total">Total matching items.</param>
/// <param name="Skip">Items skipped.</param>
/// <param name="Take">Page size.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);

/// <summary>A definition in the list of definitions.</summary>
/// <param name="DefinitionId">Logical id.</param>
/// <param name="Name">Name of the latest version.</param>
/// <param name="LatestVersion">Highest version number.</param>
/// <param name="PublishedVersion">The published version, if any.</param>
/// <param name="HasDraft">Whether the latest version is a draft.</param>
/// <param name="ActiveInstances">Instances not yet finished or cancelled, per version (versions without any are left out).</param>
/// <param name="TotalInstances">Every instance of any version, finished ones included; a definition is deletable only at 0.</param>
public sealed record WorkflowDefinitionSummary(
    string DefinitionId, string Name, int LatestVersion, int? PublishedVersion, bool HasDraft,
    IReadOnlyList<WorkflowVersionCount> ActiveInstances, int TotalInstances);

/// <summary>How many instances a version has.</summary>
/// <param name="Version">Version number.</param>
/// <param name="Count">Instances.</param>
public sealed record WorkflowVersionCount(int Version, int Count);

/// <summary>Request to create an empty definition (Start connected to End) as a draft.</summary>
/// <param name="Id">New logical id (kebab-case).</param>
/// <param name="Name">Name shown to users.</param>
public sealed record CreateWorkflowDefinitionRequest(string? Id, string? Name);

/// <summary>Request to copy a version into a new definition, as its first draft.</summary>
/// <param name="NewId">New logical id (kebab-case).</param>
/// <param name="NewName">Name of the copy.</param>
/// <param name="Version">Version to copy; the latest when null.</param>
public sealed record CloneWorkflowDefinitionRequest(string? NewId, string? NewName, int? Version = null);

/// <summary>Request to move running instances of a definition from one version to another.</summary>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="FromVersion">The version the instances are on.</param>
/// <param name="ToVersion">The published version to move them to.</param>
/// <param name="InstanceIds">Chosen instances.</param>
public sealed record WorkflowMigrationRequest(string? DefinitionId, int FromVersion, int ToVersion, IReadOnlyList<Guid>? InstanceIds);

/// <summary>Outcome of the migration of one instance.</summary>
/// <param name="InstanceId">Instance id.</param>
/// <param name="Migrated">True when the instance is now on the target version.</param>
/// <param name="Reason">Why it was refused (Russian), null when migrated.</param>
public sealed record WorkflowMigrationResult(Guid InstanceId, bool Migrated, string? Reason);

/// <summary>One stored version of a definition, with who did what and when.</summary>
/// <param name="DefinitionId">Logical id.</param>
/// <param name="Version">Version number.</param>
/// <param name="Name">Name.</param>
/// <param name="State">Draft, Published or Retracted.</param>
/// <param name="ContentHash">Normalized content hash.</param>
/// <param name="CreatedBy">User who created the version.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedBy">User who last saved it.</param>
/// <param name="UpdatedAt">When it was last saved.</param>
/// <param name="PublishedBy">User who published it.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="RetractedBy">User who retracted it (or whose publication did).</param>
/// <param name="RetractedAt">When it was retracted.</param>
public sealed record WorkflowDefinitionVersionInfo(
    string DefinitionId, int Version, string Name, DefinitionState State, string ContentHash,
    string CreatedBy, DateTimeOffset CreatedAt, string UpdatedBy, DateTimeOffset UpdatedAt,
    string? PublishedBy, DateTimeOffset? PublishedAt, string? RetractedBy, DateTimeOffset? RetractedAt);

/// <summary>A version with its content.</summary>
/// <param name="Info">Version metadata.</param>
/// <param name="Model">The flowchart.</param>
public sealed record WorkflowDefinitionVersion(WorkflowDefinitionVersionInfo Info, WorkflowDefinitionModel Model);

/// <summary>Result of an import.</summary>
/// <param name="Version">The published version after the import.</param>
/// <param name="Changed">False when the content equalled the published version (nothing was written).</param>
public sealed record WorkflowImportResult(WorkflowDefinitionVersionInfo Version, bool Changed);

/// <summary>Request to start an instance.</summary>
public sealed record StartWorkflowRequest
{
    /// <summary>Correlation id (e.g. application number); an active instance with the same definition and correlation id is returned instead of a new one.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Initial variable values.</summary>
    public JsonObject? Input { get; init; }

    /// <summary>A specific non-draft version; the published one when null.</summary>
    public int? Version { get; init; }
}

/// <summary>Result of a start.</summary>
/// <param name="InstanceId">The new or the existing instance.</param>
/// <param name="Created">False when an active correlated instance was returned.</param>
/// <param name="Status">Status after the first run.</param>
public sealed record WorkflowStartResult(Guid InstanceId, bool Created, WorkflowStatus Status);

/// <summary>Filters for the instance list; every filter uses indexed columns.</summary>
public sealed record WorkflowInstanceQuery
{
    /// <summary>Definition id.</summary>
    public string? DefinitionId { get; init; }

    /// <summary>Status.</summary>
    public WorkflowStatus? Status { get; init; }

    /// <summary>Exact correlation id.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Items to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Page size (1–500).</summary>
    public int Take { get; init; } = 50;
}

/// <summary>An instance in lists.</summary>
/// <param name="Id">Instance id.</param>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="DefinitionVersion">Pinned version.</param>
/// <param name="CorrelationId">Correlation id.</param>
/// <param name="Status">Status.</param>
/// <param name="CreatedAt">Start time.</param>
/// <param name="UpdatedAt">Last change.</param>
/// <param name="FinishedAt">End time.</param>
/// <param name="StartedBy">User who started it.</param>
public sealed record WorkflowInstanceSummary(
    Guid Id, string DefinitionId, int DefinitionVersion, string? CorrelationId, WorkflowStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, string? StartedBy);

/// <summary>An instance with its journal, incidents and open bookmarks, for the instance viewer.</summary>
/// <param name="Summary">Header data.</param>
/// <param name="Journal">One entry per activity execution, in order.</param>
/// <param name="Incidents">Incidents, newest last.</param>
/// <param name="Bookmarks">What the instance waits for.</param>
public sealed record WorkflowInstanceDetails(
    WorkflowInstanceSummary Summary,
    IReadOnlyList<WorkflowJournalEntry> Journal,
    IReadOnlyList<WorkflowIncident> Incidents,
    IReadOnlyList<WorkflowBookmarkInfo> Bookmarks);

/// <summary>A journal entry; holds no inputs, outputs or variable values.</summary>
/// <param name="Sequence">Order within the instance.</param>
/// <param name="ActivityId">Activity id.</param>
/// <param name="ActivityType">Activity type.</param>
/// <param name="Status">Execution status.</param>
/// <param name="Outcome">Outcome(s) followed.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="FinishedAt">End.</param>
/// <param name="ActorId">User whose action led to it.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="ExceptionType">Exception type when faulted.</param>
public sealed record WorkflowJournalEntry(
    int Sequence, string ActivityId, string ActivityType, JournalStatus Status, string? Outcome,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? ActorId, int Attempt, string? ExceptionType);

/// <summary>An incident: an activity whose retries ran out.</summary>
/// <param name="Id">Incident id.</param>
/// <param name="ActivityId">Failing activity.</param>
/// <param name="ActivityType">Its type.</param>
/// <param name="ExceptionType">Exception type (the message is not kept: it may hold personal data).</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="CreatedAt">When it was raised.</param>
/// <param name="ResolvedAt">When it was resolved.</param>
/// <param name="ResolvedBy">Who resolved it.</param>
/// <param name="Resolution"><c>Retried</c> or <c>Cancelled</c>.</param>
public sealed record WorkflowIncident(
    Guid Id, string ActivityId, string ActivityType, string ExceptionType, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? ResolvedBy, string? Resolution);

/// <summary>An open bookmark.</summary>
/// <param name="Id">Bookmark id (resume by id).</param>
/// <param name="ActivityId">Waiting activity.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Name">Stimulus name, or <c>retry</c> for a retry timer.</param>
/// <param name="DueAt">Due time of timers.</param>
public sealed record WorkflowBookmarkInfo(Guid Id, string ActivityId, BookmarkKind Kind, string? Name, DateTimeOffset? DueAt);

/// <summary>Result of sending a stimulus.</summary>
/// <param name="Resumed">Bookmarks resumed.</param>
/// <param name="StoredInInbox">True when no bookmark waited and the stimulus went to the inbox.</param>
public sealed record StimulusDeliveryResult(int Resumed, bool StoredInInbox);

/// <summary>Which tasks to list.</summary>
public enum HumanTaskScope
{
    /// <summary>Assigned to or claimed by me.</summary>
    AssignedToMe,
    /// <summary>Nobody assigned or claimed, in one of my roles.</summary>
    UnassignedInMyRoles,
    /// <summary>Everything in my roles plus what is assigned to me.</summary>
    All,
    /// <summary>Every queue, whatever the role; supervisors only (watching queues and deadlines).</summary>
    AllQueues,
}

/// <summary>Task list filters.</summary>
public sealed record HumanTaskQuery
{
    /// <summary>Whose tasks.</summary>
    public HumanTaskScope Scope { get; init; } = HumanTaskScope.All;

    /// <summary>Only open tasks past their due date.</summary>
    public bool OverdueOnly { get; init; }

    /// <summary>Case-insensitive text over title and correlation id.</summary>
    public string? Search { get; init; }

    /// <summary>Include completed and cancelled tasks.</summary>
    public bool IncludeClosed { get; init; }

    /// <summary>Restrict to one instance.</summary>
    public Guid? InstanceId { get; init; }

    /// <summary>Items to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Page size (1–500).</summary>
    public int Take { get; init; } = 50;
}

/// <summary>A human task.</summary>
/// <param name="Id">Task id.</param>
/// <param name="InstanceId">Instance id.</param>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="ActivityId">HumanTask activity id.</param>
/// <param name="CorrelationId">Correlation id.</param>
/// <param name="Title">Title.</param>
/// <param name="Description">Description.</param>
/// <param name="Role">Role whose members may work it.</param>
/// <param name="AssigneeId">Assigned user.</param>
/// <param name="ClaimedBy">User who claimed it.</param>
/// <param name="Status">Status.</param>
/// <param name="FormFields">Form to fill in.</param>
/// <param name="Outcomes">Outcomes the user may choose.</param>
/// <param name="DueAt">Deadline.</param>
/// <param name="IsOverdue">Open and past the deadline.</param>
/// <param name="EscalationRole">Role notified when overdue.</param>
/// <param name="Escalated">Escalation done.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="CompletedAt">Completion time.</param>
/// <param name="CompletedBy">Completing user.</param>
/// <param name="Outcome">Chosen outcome.</param>
public sealed record HumanTaskView(
    Guid Id, Guid InstanceId, string DefinitionId, string ActivityId, string? CorrelationId, string Title, string? Description,
    string? Role, string? AssigneeId, string? ClaimedBy, HumanTaskStatus Status, IReadOnlyList<HumanTaskFormField> FormFields,
    IReadOnlyList<string> Outcomes, DateTimeOffset? DueAt, bool IsOverdue, string? EscalationRole, bool Escalated,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? CompletedBy, string? Outcome);

/// <summary>Completion of a task.</summary>
/// <param name="Outcome">One of the task's outcomes.</param>
/// <param name="Data">Form values by field name; they become workflow variables.</param>
public sealed record CompleteHumanTaskRequest(string Outcome, JsonObject? Data = null);

/// <summary>A task flagged as overdue by <see cref="Runtime.WorkflowMaintenance.EscalateOverdueTasksAsync"/>; the host notifies the role.</summary>
/// <param name="TaskId">Task id.</param>
/// <param name="InstanceId">Instance id.</param>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="ActivityId">Activity id.</param>
/// <param name="CorrelationId">Correlation id.</param>
/// <param name="Title">Title.</param>
/// <param name="EscalationRole">Role to notify (null: none configured).</param>
/// <param name="DueAt">The missed deadline.</param>
public sealed record EscalatedHumanTask(
    Guid TaskId, Guid InstanceId, string DefinitionId, string ActivityId, string? CorrelationId, string Title, string? EscalationRole, DateTimeOffset DueAt);
