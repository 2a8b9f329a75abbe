using KepOffice.Pki.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KepOffice.Core.Certificates.Bulk;

public enum BulkRevocationStatus
{
    Queued,
    Running,
    Completed,
}

/// <summary>
/// A manager's bulk revocation (e.g. every certificate of a compromised issuing key) and its progress, which the
/// «Массовый отзыв» page shows. The job that carries it out reads this row and the register, so it may run again.
/// </summary>
public sealed class BulkRevocation
{
    public Guid Id { get; set; }

    /// <summary>The issuing CA whose certificates are revoked.</summary>
    public string CaId { get; set; } = "";

    public RevocationReason Reason { get; set; }

    /// <summary>The ground the manager gave (goes into each register entry's comment).</summary>
    public string Comment { get; set; } = "";

    public string RequestedBy { get; set; } = "";

    public DateTime RequestedUtc { get; set; }

    public BulkRevocationStatus Status { get; set; }

    /// <summary>Certificates in force when the revocation was confirmed.</summary>
    public int Total { get; set; }

    public int Revoked { get; set; }

    public int Batches { get; set; }

    public int CrlsPublished { get; set; }

    public long? LastCrlNumber { get; set; }

    public DateTime? StartedUtc { get; set; }

    public DateTime? FinishedUtc { get; set; }

    public string? HangfireJobId { get; set; }

    public int Version { get; set; }
}

internal sealed class BulkRevocationConfiguration : IEntityTypeConfiguration<BulkRevocation>
{
    public void Configure(EntityTypeBuilder<BulkRevocation> builder)
    {
        builder.ToTable("bulk_revocations");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.CaId).HasMaxLength(64);
        builder.Property(b => b.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Comment).HasMaxLength(500);
        builder.Property(b => b.RequestedBy).HasMaxLength(128);
        builder.Property(b => b.HangfireJobId).HasMaxLength(64);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasIndex(b => new { b.CaId, b.Status });
        builder.HasIndex(b => b.RequestedUtc);
    }
}
