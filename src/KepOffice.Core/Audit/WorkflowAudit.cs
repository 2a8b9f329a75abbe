using System.Globalization;
using KepOffice.Core.Data;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace KepOffice.Core.Audit;

/// <summary>
/// The workflow runtime knows nothing of the audit log: what it changes in a unit of work — a definition version saved as
/// a draft, published or retracted; a human task claimed, returned, reassigned or completed — is read from the change
/// tracker before the save and recorded here, in the same transaction, with identifiers only (task titles, form data and
/// comments never enter a row).
/// </summary>
internal static class WorkflowAudit
{
    private const string DefinitionRecordType = "KepOffice.Workflows.Persistence.DefinitionRecord";
    private const string TaskRecordType = "KepOffice.Workflows.Persistence.TaskRecord";
    private const string JournalRecordType = "KepOffice.Workflows.Persistence.JournalRecord";

    public static void RecordDefinitionChanges(KepOfficeDbContext db)
    {
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.Metadata.ClrType.FullName == DefinitionRecordType
                && (e.State == EntityState.Added
                    || (e.State == EntityState.Modified && (e.Property("State").IsModified || e.Property("ContentJson").IsModified))))
            .ToList();
        foreach (var entry in changed)
        {
            var state = (DefinitionState)entry.Property("State").CurrentValue!;
            var (action, by, at) = state switch
            {
                DefinitionState.Published when entry.State == EntityState.Added || entry.Property("State").IsModified =>
                    (AuditActions.WorkflowPublished, entry.Property("PublishedBy").CurrentValue, entry.Property("PublishedAt").CurrentValue),
                DefinitionState.Retracted when entry.Property("State").IsModified =>
                    (AuditActions.WorkflowRetracted, entry.Property("RetractedBy").CurrentValue, entry.Property("RetractedAt").CurrentValue),
                DefinitionState.Draft =>
                    (AuditActions.WorkflowDraftSaved, entry.Property("UpdatedBy").CurrentValue, entry.Property("UpdatedAt").CurrentValue),
                _ => (null, null, null),
            };
            if (action is null)
            {
                continue;
            }

            var objectId = string.Create(CultureInfo.InvariantCulture, $"{entry.Property("DefinitionId").CurrentValue}/v{entry.Property("Version").CurrentValue}");
            Add(db, action, AuditObjects.Workflow, objectId, null, by as string, at as DateTime?);
        }
    }

    /// <summary>A deleted definition (all its versions) and an instance moved to another version (its journal row).</summary>
    public static void RecordDeletionsAndMigrations(KepOfficeDbContext db)
    {
        var deleted = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Deleted && e.Metadata.ClrType.FullName == DefinitionRecordType)
            .GroupBy(e => (string)e.Property("DefinitionId").CurrentValue!)
            .ToList();
        foreach (var definition in deleted)
        {
            var by = definition.Select(e => e.Property("UpdatedBy").CurrentValue as string).FirstOrDefault(u => u is { Length: > 0 });
            var versions = string.Join(", ", definition.Select(e => (int)e.Property("Version").CurrentValue!).Order());
            Add(db, AuditActions.WorkflowDeleted, AuditObjects.Workflow, definition.Key, "версии: " + versions, by, null);
        }

        var migrations = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && e.Metadata.ClrType.FullName == JournalRecordType
                && (string?)e.Property("ActivityType").CurrentValue == WorkflowMigrationService.JournalActivityType)
            .ToList();
        foreach (var migration in migrations)
        {
            Add(db, AuditActions.WorkflowInstanceMigrated, AuditObjects.Workflow,
                ((Guid)migration.Property("InstanceId").CurrentValue!).ToString(),
                "версия " + migration.Property("Outcome").CurrentValue,
                migration.Property("ActorId").CurrentValue as string,
                (DateTime)migration.Property("StartedAt").CurrentValue!);
        }
    }

    public static void RecordTaskChanges(KepOfficeDbContext db)
    {
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.Metadata.ClrType.FullName == TaskRecordType && e.State == EntityState.Modified)
            .ToList();
        foreach (var entry in changed)
        {
            var status = (HumanTaskStatus)entry.Property("Status").CurrentValue!;
            var claimedBy = entry.Property("ClaimedBy");
            var assignee = entry.Property("AssigneeId");
            string? action = null, by = null, detail = null;
            if (entry.Property("Status").IsModified && status == HumanTaskStatus.Completed)
            {
                (action, by) = (AuditActions.TaskCompleted, entry.Property("CompletedBy").CurrentValue as string);
                detail = $"решение {entry.Property("Outcome").CurrentValue}";
            }
            else if (status == HumanTaskStatus.Open && assignee.IsModified)
            {
                action = AuditActions.TaskReassigned;
                detail = assignee.CurrentValue is string user ? $"назначена пользователю {user}" : $"возвращена роли {entry.Property("Role").CurrentValue}";
            }
            else if (status == HumanTaskStatus.Open && claimedBy.IsModified)
            {
                (action, by) = claimedBy.CurrentValue is string user
                    ? (AuditActions.TaskClaimed, user)
                    : (AuditActions.TaskUnclaimed, null);
            }

            if (action is null)
            {
                continue;
            }

            var context = Describe(entry);
            Add(db, action, AuditObjects.Task, entry.Property("Id").CurrentValue?.ToString(), detail is null ? context : $"{context}; {detail}", by, null);
        }
    }

    // The process, its step and the correlation (an application number or a certificate serial): identifiers only.
    private static string Describe(EntityEntry entry)
    {
        var correlation = entry.Property("CorrelationId").CurrentValue as string;
        return $"процесс {entry.Property("DefinitionId").CurrentValue}, шаг {entry.Property("ActivityId").CurrentValue}"
            + (correlation is { Length: > 0 } ? $", объект {correlation}" : "");
    }

    // The scope's actor (with login and client address) when it is the user the runtime stamped, or the request has
    // one; otherwise the stamped user id alone, or the system for work done by a job.
    private static void Add(KepOfficeDbContext db, string action, string objectType, string? objectId, string? detail, string? stampedBy, DateTime? at)
    {
        var current = db.AuditActors?.Current ?? AuditActor.System;
        // The runtime stamps "system:…" ids for work of the host itself (the import of workflow files, portal intake,
        // recovery): those rows are the system's, under that id.
        var actor = stampedBy is { Length: > 0 } && !(current.Kind == AuditActorKind.User && current.Id == stampedBy)
            ? new AuditActor(stampedBy.StartsWith("system:", StringComparison.Ordinal) ? AuditActorKind.System : AuditActorKind.User, stampedBy, null, current.Origin)
            : current;
        var when = at is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : db.AuditClock.GetUtcNow().UtcDateTime;
        db.Set<AuditEvent>().Add(AuditLog.NewRow(actor, when, action, objectType, objectId, detail));
    }
}
