using KepOffice.Workflows.Activities;

namespace KepOffice.Workflows.Persistence;

internal sealed class DefinitionRecord
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public DefinitionState State { get; set; }
    public string ContentJson { get; set; } = "";
    public string ContentHash { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTime? PublishedAt { get; set; }
    public string? RetractedBy { get; set; }
    public DateTime? RetractedAt { get; set; }
}

internal sealed class InstanceRecord
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public Guid DefinitionVersionId { get; set; }
    public string? CorrelationId { get; set; }

    /// <summary>"definitionId|correlationId" while the instance is not finished, else null; unique (correlated singleton).</summary>
    public string? ActiveCorrelationKey { get; set; }

    public WorkflowStatus Status { get; set; }
    public string? StartedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int JournalCount { get; set; }
    public int Version { get; set; }
}

internal sealed class InstanceStateRecord
{
    public Guid InstanceId { get; set; }
    public string StateJson { get; set; } = "{}";
}

internal sealed class BookmarkRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string ActivityId { get; set; } = "";
    public BookmarkKind Kind { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public DateTime? DueAt { get; set; }
    public bool IsRetry { get; set; }
    public string? PayloadJson { get; set; }
    public Guid? JournalId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class TaskRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public Guid? BookmarkId { get; set; }
    public string ActivityId { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? Role { get; set; }
    public string? AssigneeId { get; set; }

    /// <summary>User who may not work this task (four eyes: the requester of what the task approves).</summary>
    public string? ExcludedUserId { get; set; }
    public string? ClaimedBy { get; set; }
    public HumanTaskStatus Status { get; set; }
    public string FormFieldsJson { get; set; } = "[]";
    public string OutcomesJson { get; set; } = "[]";
    public DateTime? DueAt { get; set; }
    public string? EscalationRole { get; set; }
    public bool Escalated { get; set; }
    public DateTime? EscalatedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? Outcome { get; set; }

    /// <summary>Lower-cased title and correlation id, for portable case-insensitive search.</summary>
    public string SearchText { get; set; } = "";

    public int Version { get; set; }
}

internal sealed class JournalRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Sequence { get; set; }
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string? Outcome { get; set; }
    public JournalStatus Status { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? ActorId { get; set; }
    public int Attempt { get; set; }
    public string? ExceptionType { get; set; }
}

internal sealed class IncidentRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string ExceptionType { get; set; } = "";
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? Resolution { get; set; }
}

internal sealed class InboxRecord
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string CorrelationId { get; set; } = "";
    public string? PayloadJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
