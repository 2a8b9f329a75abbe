using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KepOffice.Core.Applications;

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> builder)
    {
        builder.ToTable("applications");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Number).HasMaxLength(32);
        builder.HasIndex(a => a.Number).IsUnique();
        builder.HasIndex(a => new { a.IntakeClientId, a.IdempotencyKey }).IsUnique();
        builder.Property(a => a.IdempotencyKey).HasMaxLength(100);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(a => new { a.Status, a.CreatedUtc });
        builder.HasIndex(a => a.RenewsCertificateId);
        builder.Property(a => a.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.ApplicantType).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.KeyMode).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Surname).HasMaxLength(100);
        builder.Property(a => a.SnilsIndex).HasMaxLength(64);
        builder.HasIndex(a => a.SnilsIndex);
        builder.Property(a => a.SurnameIndex).HasMaxLength(64);
        builder.HasIndex(a => a.SurnameIndex);
        builder.Property(a => a.LegalHoldBy).HasMaxLength(256);
        builder.Property(a => a.GivenName).HasMaxLength(100);
        builder.Property(a => a.Patronymic).HasMaxLength(100);
        builder.Property(a => a.PassportSeries).HasMaxLength(4);
        builder.Property(a => a.PassportNumber).HasMaxLength(6);
        builder.Property(a => a.PassportIssuer).HasMaxLength(300);
        builder.Property(a => a.PassportUnitCode).HasMaxLength(7);
        builder.Property(a => a.Snils).HasMaxLength(11);
        builder.Property(a => a.Inn).HasMaxLength(12);
        builder.Property(a => a.Ogrnip).HasMaxLength(15);
        builder.Property(a => a.Email).HasMaxLength(254);
        builder.Property(a => a.Phone).HasMaxLength(32);
        builder.Property(a => a.DecisionReason).HasMaxLength(2000);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.FullName);
        builder.Ignore(a => a.GivenNames);
        builder.HasMany(a => a.Documents).WithOne().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApplicationDocumentConfiguration : IEntityTypeConfiguration<ApplicationDocument>
{
    public void Configure(EntityTypeBuilder<ApplicationDocument> builder)
    {
        builder.ToTable("application_documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.ContentType).HasMaxLength(64);
        builder.Property(d => d.FileName).HasMaxLength(255);
        builder.Property(d => d.Sha256).HasMaxLength(64);
    }
}

internal sealed class IntakeClientConfiguration : IEntityTypeConfiguration<IntakeClient>
{
    public void Configure(EntityTypeBuilder<IntakeClient> builder)
    {
        builder.ToTable("intake_clients");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.KeyPrefix).HasMaxLength(16);
        builder.Property(c => c.KeyHash).HasMaxLength(64);
        builder.HasIndex(c => c.KeyHash).IsUnique();
        builder.Property(c => c.CreatedBy).HasMaxLength(100);
    }
}

internal sealed class ApplicationNumberCounterConfiguration : IEntityTypeConfiguration<ApplicationNumberCounter>
{
    public void Configure(EntityTypeBuilder<ApplicationNumberCounter> builder)
    {
        builder.ToTable("application_number_counters");
        builder.HasKey(c => c.Year);
        builder.Property(c => c.Year).ValueGeneratedNever();
    }
}
