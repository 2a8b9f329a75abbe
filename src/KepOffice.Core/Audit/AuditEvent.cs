using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KepOffice.Core.Audit;

/// <summary>
/// One row of the tamper-evident audit log. Sequence, PreviousHash and Hash are assigned in the transaction that saves the
/// action it records: on SQLite when the row is saved, on PostgreSQL by the database when that transaction commits (until
/// then the row carries a negative placeholder number; see <see cref="AuditChain"/>). Detail holds identifiers, never
/// personal data.
/// </summary>
public sealed class AuditEvent
{
    public const int MaxDetailLength = 500;

    public Guid Id { get; set; }

    public long Sequence { get; set; }

    public DateTime OccurredUtc { get; set; }

    public AuditActorKind ActorKind { get; set; }

    /// <summary>User id, intake client id or job name.</summary>
    public string ActorId { get; set; } = "";

    /// <summary>Staff login or intake client name, when there is one.</summary>
    public string? ActorName { get; set; }

    /// <summary>Where the action came from: the client's IP address, "cli" or null for a job.</summary>
    public string? Origin { get; set; }

    public string Action { get; set; } = "";

    public string? ObjectType { get; set; }

    public string? ObjectId { get; set; }

    public string? Detail { get; set; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}

public enum AuditActorKind
{
    System,
    User,
    IntakeClient,
    Anonymous,
}

/// <summary>The single row that holds the end of the chain; locking it serializes appends across nodes.</summary>
public sealed class AuditChainHead
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long LastSequence { get; set; }

    public string LastHash { get; set; } = AuditChain.GenesisHash;
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.HasIndex(e => e.OccurredUtc);
        builder.HasIndex(e => new { e.ObjectType, e.ObjectId });
        builder.Property(e => e.ActorKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ActorId).HasMaxLength(64);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Origin).HasMaxLength(64);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.ObjectType).HasMaxLength(32);
        builder.Property(e => e.ObjectId).HasMaxLength(128);
        builder.Property(e => e.Detail).HasMaxLength(AuditEvent.MaxDetailLength);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("audit_chain_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64);
        builder.HasData(new AuditChainHead { Id = AuditChainHead.SingletonId, LastSequence = 0, LastHash = AuditChain.GenesisHash });
    }
}
