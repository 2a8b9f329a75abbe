using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.AspNetCore.DataProtection;
using System.Security.Cryptography;
using KepOffice.Core.Data;

namespace KepOffice.Core.Protection;

/// <summary>
/// The secret of the blind indexes: 256 random bits made by the first node that starts on an empty database, kept in the
/// database encrypted by Data Protection (so a database dump alone does not give it), read by every node at start-up.
/// </summary>
public sealed class BlindIndexKey
{
    public const string CurrentId = "blind-index-v1";

    public string Id { get; set; } = CurrentId;

    public string ProtectedKey { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

internal sealed class BlindIndexKeyConfiguration : IEntityTypeConfiguration<BlindIndexKey>
{
    public void Configure(EntityTypeBuilder<BlindIndexKey> builder)
    {
        builder.ToTable("blind_index_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(32);
    }
}

/// <summary>Loads the blind-index key into <see cref="PersonalDataProtection"/>, creating it on an empty database.</summary>
internal sealed class BlindIndexKeyLoader(PersonalDataProtection protection, IDataProtectionProvider dataProtection, TimeProvider time)
{
    private const string Purpose = "KepOffice.BlindIndexKey.v1";

    public async Task LoadAsync(KepOfficeDbContext db, CancellationToken cancellationToken)
    {
        var protector = dataProtection.CreateProtector(Purpose);
        var row = await db.Set<BlindIndexKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Id == BlindIndexKey.CurrentId, cancellationToken);
        if (row is null)
        {
            var fresh = new BlindIndexKey
            {
                ProtectedKey = Convert.ToBase64String(protector.Protect(RandomNumberGenerator.GetBytes(32))),
                CreatedUtc = time.GetUtcNow().UtcDateTime,
            };
            db.Add(fresh);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                row = fresh;
            }
            catch (DbUpdateException)
            {
                // Another node created it first: use that one.
                db.ChangeTracker.Clear();
                row = await db.Set<BlindIndexKey>().AsNoTracking().SingleAsync(k => k.Id == BlindIndexKey.CurrentId, cancellationToken);
            }
        }

        try
        {
            protection.UseIndexKey(protector.Unprotect(Convert.FromBase64String(row.ProtectedKey)));
        }
        catch (CryptographicException ex)
        {
            throw new PersonalDataUnreadableException(PersonalDataKind.Applicant, $"the blind-index key does not decrypt ({ex.Message})", ex);
        }
    }
}
