using System.Text.Json.Serialization;

namespace KepOffice.Workflows;

/// <summary>Life cycle of a definition version.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DefinitionState>))]
public enum DefinitionState
{
    /// <summary>Being edited; cannot start instances.</summary>
    Draft,
    /// <summary>The version new instances start on; at most one per definition.</summary>
    Published,
    /// <summary>No longer used for new instances; running instances stay on it.</summary>
    Retracted,
}

/// <summary>Status of an instance.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
public enum WorkflowStatus
{
    /// <summary>Has queued work and is executing (or its node died: see the lease).</summary>
    Running,
    /// <summary>Every path waits on a bookmark.</summary>
    Suspended,
    /// <summary>Nothing left to do.</summary>
    Finished,
    /// <summary>An activity failed after its retries; a manager may retry or cancel.</summary>
    Faulted,
    /// <summary>Cancelled by a manager.</summary>
    Cancelled,
}

/// <summary>Status of a human task.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HumanTaskStatus>))]
public enum HumanTaskStatus
{
    /// <summary>Waiting to be done.</summary>
    Open,
    /// <summary>Done with an outcome.</summary>
    Completed,
    /// <summary>Withdrawn (instance cancelled, branch cancelled by a join).</summary>
    Cancelled,
}

/// <summary>Status of one activity execution in the journal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JournalStatus>))]
public enum JournalStatus
{
    /// <summary>Finished with an outcome (or none: the branch ended or waits at a join).</summary>
    Completed,
    /// <summary>Waiting on a bookmark.</summary>
    Suspended,
    /// <summary>Threw; retried or turned into an incident.</summary>
    Faulted,
    /// <summary>Its wait was cancelled.</summary>
    Cancelled,
}
