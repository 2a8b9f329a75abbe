using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KepOffice.Workflows.Persistence;

internal static class MappingConventions
{
    public const int IdLength = 200;

    /// <summary>Times are stored as UTC <see cref="DateTime"/> so that every provider can compare and order them in SQL.</summary>
    public static PropertyBuilder<DateTime> Utc<T>(this EntityTypeBuilder<T> builder, Expression<Func<T, DateTime>> property) where T : class =>
        builder.Property(property).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    public static PropertyBuilder<DateTime?> Utc<T>(this EntityTypeBuilder<T> builder, Expression<Func<T, DateTime?>> property) where T : class =>
        builder.Property(property).HasConversion(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null);
}

internal sealed class DefinitionRecordConfiguration : IEntityTypeConfiguration<DefinitionRecord>
{
    public void Configure(EntityTypeBuilder<DefinitionRecord> b)
    {
        b.ToTable("wf_definitions");
        b.HasKey(x => x.Id);
        b.Property(x => x.DefinitionId).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.Name).HasMaxLength(500).IsRequired();
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ContentJson).IsRequired();
        b.Property(x => x.ContentHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.CreatedBy).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.PublishedBy).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.RetractedBy).HasMaxLength(MappingConventions.IdLength);
        b.Utc(x => x.CreatedAt);
        b.Property(x => x.UpdatedBy).HasMaxLength(MappingConventions.IdLength);
        b.Utc(x => x.UpdatedAt);
        b.Utc(x => x.PublishedAt);
        b.Utc(x => x.RetractedAt);
        b.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
        b.HasIndex(x => new { x.DefinitionId, x.State });
    }
}

internal sealed class InstanceRecordConfiguration : IEntityTypeConfiguration<InstanceRecord>
{
    public void Configure(EntityTypeBuilder<InstanceRecord> b)
    {
        b.ToTable("wf_instances");
        b.HasKey(x => x.Id);
        b.Property(x => x.DefinitionId).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.CorrelationId).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.ActiveCorrelationKey).HasMaxLength(2 * MappingConventions.IdLength + 1);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.StartedBy).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.LeaseOwner).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Utc(x => x.CreatedAt);
        b.Utc(x => x.UpdatedAt);
        b.Utc(x => x.FinishedAt);
        b.Utc(x => x.LeaseExpiresAt);
        b.HasIndex(x => x.ActiveCorrelationKey).IsUnique();
        b.HasIndex(x => new { x.DefinitionId, x.Status });
        b.HasIndex(x => new { x.Status, x.LeaseExpiresAt });
        b.HasIndex(x => x.CorrelationId);
        b.HasIndex(x => x.CreatedAt);
        b.HasOne<InstanceStateRecord>().WithOne().HasForeignKey<InstanceStateRecord>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InstanceStateRecordConfiguration : IEntityTypeConfiguration<InstanceStateRecord>
{
    public void Configure(EntityTypeBuilder<InstanceStateRecord> b)
    {
        b.ToTable("wf_instance_states");
        b.HasKey(x => x.InstanceId);
        b.Property(x => x.StateJson).IsRequired();
    }
}

internal sealed class BookmarkRecordConfiguration : IEntityTypeConfiguration<BookmarkRecord>
{
    public void Configure(EntityTypeBuilder<BookmarkRecord> b)
    {
        b.ToTable("wf_bookmarks");
        b.HasKey(x => x.Id);
        b.Property(x => x.ActivityId).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.CorrelationId).HasMaxLength(MappingConventions.IdLength);
        b.Utc(x => x.DueAt);
        b.Utc(x => x.CreatedAt);
        b.HasIndex(x => new { x.Kind, x.Name, x.CorrelationId });
        b.HasIndex(x => new { x.Kind, x.DueAt });
        b.HasIndex(x => x.InstanceId);
        b.HasOne<InstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskRecordConfiguration : IEntityTypeConfiguration<TaskRecord>
{
    public void Configure(EntityTypeBuilder<TaskRecord> b)
    {
        b.ToTable("wf_tasks");
        b.HasKey(x => x.Id);
        b.Property(x => x.ActivityId).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.DefinitionId).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.CorrelationId).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.Title).HasMaxLength(1000).IsRequired();
        b.Property(x => x.Role).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.AssigneeId).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.ExcludedUserId).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.ClaimedBy).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.CompletedBy).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.EscalationRole).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.Outcome).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.SearchText).HasMaxLength(1300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Utc(x => x.DueAt);
        b.Utc(x => x.EscalatedAt);
        b.Utc(x => x.CreatedAt);
        b.Utc(x => x.CompletedAt);
        b.HasIndex(x => new { x.Status, x.Role });
        b.HasIndex(x => new { x.Status, x.AssigneeId });
        b.HasIndex(x => new { x.Status, x.ClaimedBy });
        b.HasIndex(x => new { x.Status, x.DueAt });
        b.HasIndex(x => x.InstanceId);
        b.HasIndex(x => x.BookmarkId);
        b.HasOne<InstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JournalRecordConfiguration : IEntityTypeConfiguration<JournalRecord>
{
    public void Configure(EntityTypeBuilder<JournalRecord> b)
    {
        b.ToTable("wf_journal");
        b.HasKey(x => x.Id);
        b.Property(x => x.ActivityId).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.ActivityType).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.Outcome).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.ActorId).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.ExceptionType).HasMaxLength(500);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Utc(x => x.StartedAt);
        b.Utc(x => x.FinishedAt);
        b.HasIndex(x => new { x.InstanceId, x.Sequence });
        b.HasOne<InstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentRecordConfiguration : IEntityTypeConfiguration<IncidentRecord>
{
    public void Configure(EntityTypeBuilder<IncidentRecord> b)
    {
        b.ToTable("wf_incidents");
        b.HasKey(x => x.Id);
        b.Property(x => x.ActivityId).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.ActivityType).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.ExceptionType).HasMaxLength(500).IsRequired();
        b.Property(x => x.ResolvedBy).HasMaxLength(MappingConventions.IdLength);
        b.Property(x => x.Resolution).HasMaxLength(20);
        b.Utc(x => x.CreatedAt);
        b.Utc(x => x.ResolvedAt);
        b.HasIndex(x => x.InstanceId);
        b.HasOne<InstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InboxRecordConfiguration : IEntityTypeConfiguration<InboxRecord>
{
    public void Configure(EntityTypeBuilder<InboxRecord> b)
    {
        b.ToTable("wf_stimulus_inbox");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Property(x => x.CorrelationId).HasMaxLength(MappingConventions.IdLength).IsRequired();
        b.Utc(x => x.CreatedAt);
        b.Utc(x => x.ExpiresAt);
        b.HasIndex(x => new { x.Name, x.CorrelationId });
        b.HasIndex(x => x.ExpiresAt);
    }
}
