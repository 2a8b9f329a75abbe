using KepOffice.Core.Email.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KepOffice.Core.Certificates.Lifecycle;

/// <summary>
/// One renewal reminder taken for a certificate and threshold. The unique index on (certificate,
/// threshold) is what makes a reminder happen once, whatever retries or nodes do: the row commits in
/// the same transaction as the outbox message.
/// </summary>
public sealed class CertificateReminder
{
    public Guid Id { get; set; }

    public Guid CertificateId { get; set; }

    public int ThresholdDays { get; set; }

    public RenewalDeadline Deadline { get; set; }

    public DateTime DeadlineUtc { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>The queued message; null when the certificate has no usable address (nothing was sent).</summary>
    public Guid? EmailId { get; set; }
}

internal sealed class CertificateReminderConfiguration : IEntityTypeConfiguration<CertificateReminder>
{
    public void Configure(EntityTypeBuilder<CertificateReminder> builder)
    {
        builder.ToTable("certificate_reminders");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.CertificateId, r.ThresholdDays }).IsUnique();
        builder.Property(r => r.Deadline).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<CertificateRecord>().WithMany().HasForeignKey(r => r.CertificateId).OnDelete(DeleteBehavior.Cascade);
    }
}
