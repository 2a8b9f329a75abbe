using KepOffice.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KepOffice.Core.Data.Configurations;

internal sealed class KepOfficeUserConfiguration : IEntityTypeConfiguration<KepOfficeUser>
{
    public void Configure(EntityTypeBuilder<KepOfficeUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
    }
}
