using System.Security.Cryptography;
using System.Text;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Applications;

public sealed record IntakeClientSummary(Guid Id, string Name, string KeyPrefix, bool IsActive, DateTime CreatedUtc);

public sealed record CreatedIntakeClient(IntakeClientSummary Client, string ApiKey);

/// <summary>API keys of portals: shown once at creation, stored only as a SHA-256 hash.</summary>
public sealed class IntakeClients(KepOfficeDbContext db, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<CreatedIntakeClient> CreateAsync(string name, string createdBy, CancellationToken cancellationToken)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var key = $"kep_{prefix}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
        var client = new IntakeClient
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            KeyPrefix = prefix,
            KeyHash = Hash(key),
            CreatedUtc = timeProvider.GetUtcNow().UtcDateTime,
            CreatedBy = createdBy,
        };
        db.Set<IntakeClient>().Add(client);
        audit.Record(AuditActions.IntakeClientCreated, AuditObjects.IntakeClient, client.Id.ToString(), $"префикс ключа {prefix}");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedIntakeClient(ToSummary(client), key);
    }

    public async Task<IReadOnlyList<IntakeClientSummary>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Set<IntakeClient>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(ToSummary).ToList();

    public async Task<bool> SetActiveAsync(Guid id, bool active, CancellationToken cancellationToken)
    {
        var client = await db.Set<IntakeClient>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return false;
        }

        if (client.IsActive != active)
        {
            client.IsActive = active;
            audit.Record(active ? AuditActions.IntakeClientEnabled : AuditActions.IntakeClientDisabled, AuditObjects.IntakeClient, client.Id.ToString());
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>The active client owning this key, or null.</summary>
    public Task<IntakeClient?> AuthenticateAsync(string apiKey, CancellationToken cancellationToken)
    {
        var hash = Hash(apiKey);
        return db.Set<IntakeClient>().AsNoTracking().FirstOrDefaultAsync(c => c.KeyHash == hash && c.IsActive, cancellationToken);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static IntakeClientSummary ToSummary(IntakeClient c) => new(c.Id, c.Name, c.KeyPrefix, c.IsActive, c.CreatedUtc);
}
