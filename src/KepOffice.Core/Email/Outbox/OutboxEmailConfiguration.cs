using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KepOffice.Core.Email.Outbox;

public sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    private static readonly ValueConverter<DateTime, DateTime> Utc =
        new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("email_outbox");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.TemplateId).HasMaxLength(64);
        builder.Property(e => e.Recipient).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(500);
        builder.Property(e => e.AttachmentFileName).HasMaxLength(200);
        builder.Property(e => e.AttachmentContentType).HasMaxLength(100);
        builder.Property(e => e.Correlation).HasMaxLength(100);
        builder.Property(e => e.DedupeKey).HasMaxLength(200);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.LastError).HasMaxLength(300);
        builder.Property(e => e.MessageId).HasMaxLength(200);

        // SQLite hands DateTime back as Unspecified; every value here is UTC.
        builder.Property(e => e.CreatedAt).HasConversion(Utc);
        builder.Property(e => e.NextAttemptAt).HasConversion(Utc);
        builder.Property(e => e.SentAt).HasConversion(Utc);

        builder.HasIndex(e => e.DedupeKey).IsUnique();
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        builder.HasIndex(e => e.Correlation);
        builder.HasIndex(e => e.ClaimToken);
    }
}
