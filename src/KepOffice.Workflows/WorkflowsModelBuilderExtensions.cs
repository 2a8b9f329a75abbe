using KepOffice.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Workflows;

/// <summary>Maps the runtime's tables (all prefixed <c>wf_</c>) into the host's DbContext.</summary>
public static class WorkflowsModelBuilderExtensions
{
    /// <summary>Call from the host DbContext's <c>OnModelCreating</c>. Column types are portable (SQLite and PostgreSQL).</summary>
    public static ModelBuilder ApplyWorkflowsModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new DefinitionRecordConfiguration());
        modelBuilder.ApplyConfiguration(new InstanceRecordConfiguration());
        modelBuilder.ApplyConfiguration(new InstanceStateRecordConfiguration());
        modelBuilder.ApplyConfiguration(new BookmarkRecordConfiguration());
        modelBuilder.ApplyConfiguration(new TaskRecordConfiguration());
        modelBuilder.ApplyConfiguration(new JournalRecordConfiguration());
        modelBuilder.ApplyConfiguration(new IncidentRecordConfiguration());
        modelBuilder.ApplyConfiguration(new InboxRecordConfiguration());
        return modelBuilder;
    }
}
