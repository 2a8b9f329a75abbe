using Microsoft.EntityFrameworkCore;

namespace KepOffice.Workflows.Persistence;

/// <summary>The host's DbContext seen through the runtime's tables.</summary>
internal sealed class WorkflowDb(DbContext context)
{
    public DbContext Context { get; } = context;
    public DbSet<DefinitionRecord> Definitions => Context.Set<DefinitionRecord>();
    public DbSet<InstanceRecord> Instances => Context.Set<InstanceRecord>();
    public DbSet<InstanceStateRecord> States => Context.Set<InstanceStateRecord>();
    public DbSet<BookmarkRecord> Bookmarks => Context.Set<BookmarkRecord>();
    public DbSet<TaskRecord> Tasks => Context.Set<TaskRecord>();
    public DbSet<JournalRecord> Journal => Context.Set<JournalRecord>();
    public DbSet<IncidentRecord> Incidents => Context.Set<IncidentRecord>();
    public DbSet<InboxRecord> Inbox => Context.Set<InboxRecord>();

    public bool IsPostgres => Context.Database.ProviderName?.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) == true;
}
