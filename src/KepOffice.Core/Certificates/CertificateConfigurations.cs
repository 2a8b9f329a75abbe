using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KepOffice.Core.Certificates;

internal sealed class CaRecordConfiguration : IEntityTypeConfiguration<CaRecord>
{
    public void Configure(EntityTypeBuilder<CaRecord> builder)
    {
        builder.ToTable("ca_authorities");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.ParentId).HasMaxLength(64);
        builder.Property(c => c.DisplayName).HasMaxLength(300);
        builder.Property(c => c.KeyId).HasMaxLength(64);
        builder.Property(c => c.SerialHex).HasMaxLength(64);
        builder.Property(c => c.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class CertificateRecordConfiguration : IEntityTypeConfiguration<CertificateRecord>
{
    public void Configure(EntityTypeBuilder<CertificateRecord> builder)
    {
        builder.ToTable("certificates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CaId).HasMaxLength(64);
        builder.Property(c => c.SerialHex).HasMaxLength(64);
        builder.HasIndex(c => new { c.CaId, c.SerialHex }).IsUnique();
        builder.Property(c => c.PublicKeyFingerprint).HasMaxLength(64);
        builder.HasIndex(c => c.PublicKeyFingerprint).IsUnique();
        builder.Property(c => c.ThumbprintSha1).HasMaxLength(40);
        builder.Property(c => c.ApplicationNumber).HasMaxLength(32);
        builder.HasIndex(c => c.ApplicationNumber);
        builder.Property(c => c.HolderName).HasMaxLength(300);
        builder.Property(c => c.Snils).HasMaxLength(11);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.SnilsIndex).HasMaxLength(64);
        builder.HasIndex(c => c.SnilsIndex);
        builder.Property(c => c.HolderNameIndex).HasMaxLength(64);
        builder.HasIndex(c => c.HolderNameIndex);
        builder.Property(c => c.HolderSurnameIndex).HasMaxLength(64);
        builder.HasIndex(c => c.HolderSurnameIndex);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(c => new { c.Status, c.NotAfterUtc });
        builder.HasIndex(c => new { c.Status, c.PrivateKeyNotAfterUtc });
        builder.HasIndex(c => new { c.CaId, c.Status });
        builder.Property(c => c.RevocationReason).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.RevocationComment).HasMaxLength(500);
        builder.Property(c => c.Version).IsConcurrencyToken();
    }
}
