using System.Collections.Concurrent;
using KepOffice.Core.Data;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Authority;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace KepOffice.Core.Certificates;

public sealed record CaInitRequest(string Name, string Organization, KeySpec KeySpec, bool IsDemo, string IdPrefix = "kepoffice");

/// <summary>The CAs of this authority: created here or imported, stored in the database with their keys in the key store.</summary>
public sealed class CertificateAuthorityStore(
    KepOfficeDbContext db,
    CaKeyStore keys,
    IOptions<PkiHostOptions> options,
    TimeProvider timeProvider)
{
    // Parsed CAs and their signers are immutable; cache them per process.
    private static readonly ConcurrentDictionary<string, CertificateAuthority> Loaded = new();

    public Task<List<CaRecord>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<CaRecord>().AsNoTracking().OrderBy(c => c.Role).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    public Task<CaRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.Set<CaRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<CaRecord?> GetActiveIssuingAsync(CancellationToken cancellationToken) =>
        db.Set<CaRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Role == CaRole.Issuing && c.IsActive, cancellationToken);

    public async Task<CertificateAuthority> LoadAsync(CaRecord record, CancellationToken cancellationToken)
    {
        if (Loaded.TryGetValue(CacheKey(record), out var cached))
        {
            return cached;
        }

        var chain = await IssuersOfAsync(record, cancellationToken);
        var signer = await keys.Provider.GetSignerAsync(record.KeyId, cancellationToken);
        var authority = new CertificateAuthority(new X509Certificate(record.CertificateDer), chain, signer);
        return Loaded.GetOrAdd(CacheKey(record), authority);
    }

    /// <summary>The CA's own certificate followed by those of its issuers up to the root.</summary>
    public async Task<List<X509Certificate>> ChainAsync(string caId, CancellationToken cancellationToken)
    {
        var record = await FindAsync(caId, cancellationToken) ?? throw new InvalidOperationException($"УЦ «{caId}» не найден.");
        return [new X509Certificate(record.CertificateDer), .. await IssuersOfAsync(record, cancellationToken)];
    }

    private async Task<List<X509Certificate>> IssuersOfAsync(CaRecord record, CancellationToken cancellationToken)
    {
        var issuers = new List<X509Certificate>();
        for (var parentId = record.ParentId; parentId is not null;)
        {
            var parent = await FindAsync(parentId, cancellationToken)
                ?? throw new InvalidOperationException($"Вышестоящий УЦ «{parentId}» не найден в базе данных.");
            issuers.Add(new X509Certificate(parent.CertificateDer));
            parentId = parent.ParentId;
        }

        return issuers;
    }

    /// <summary>Creates a root and an issuing CA (GOST R 34.10-2012 256, TC26 A by default) and makes the issuing CA active.</summary>
    public async Task<(CaRecord Root, CaRecord Issuing)> InitAsync(CaInitRequest request, CancellationToken cancellationToken)
    {
        var stamp = timeProvider.GetUtcNow().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var rootId = $"{request.IdPrefix}-root-{stamp}";
        var issuingId = $"{request.IdPrefix}-ca-{stamp}";
        var factory = new CertificateAuthorityFactory(timeProvider);
        var pki = options.Value;
        var root = await factory.CreateRootAsync(
            new CaCreationRequest(rootId, new CaName($"{request.Name} — корневой", request.Organization))
            {
                KeySpec = request.KeySpec,
                ValidityYears = 15,
                CrlDistributionPoints = [],
            },
            keys.Provider, cancellationToken);
        var issuing = await factory.CreateIssuingAsync(
            new CaCreationRequest(issuingId, new CaName(request.Name, request.Organization))
            {
                KeySpec = request.KeySpec,
                ValidityYears = 10,
                CrlDistributionPoints = [pki.CdpUrl(rootId)],
                CaIssuersUrl = pki.AiaUrl(rootId),
            },
            root, keys.Provider, cancellationToken);

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var rootRecord = ToRecord(rootId, CaRole.Root, null, $"{request.Name} — корневой", root.Certificate, request.IsDemo, now);
        var issuingRecord = ToRecord(issuingId, CaRole.Issuing, rootId, request.Name, issuing.Certificate, request.IsDemo, now);
        foreach (var active in await db.Set<CaRecord>().Where(c => c.IsActive).ToListAsync(cancellationToken))
        {
            active.IsActive = false;
            active.Version++;
        }

        issuingRecord.IsActive = true;
        db.Set<CaRecord>().AddRange(rootRecord, issuingRecord);
        await db.SaveChangesAsync(cancellationToken);
        return (rootRecord, issuingRecord);
    }

    /// <summary>Imports a CA certificate with its key from PKCS#12; it becomes the active issuing CA when asked.</summary>
    public async Task<CaRecord> ImportAsync(byte[] pfx, string password, string id, bool makeActive, CancellationToken cancellationToken)
    {
        if (await db.Set<CaRecord>().AnyAsync(c => c.Id == id, cancellationToken))
        {
            throw new InvalidOperationException($"УЦ с идентификатором «{id}» уже существует.");
        }

        var authority = await CertificateAuthorityFactory.ImportPkcs12Async(pfx, password, id, keys.Software, cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        string? parentId = null;
        foreach (var issuer in authority.Issuers.Reverse())
        {
            var serial = issuer.SerialNumber.ToString(16).ToUpperInvariant();
            var existing = await db.Set<CaRecord>().FirstOrDefaultAsync(c => c.SerialHex == serial, cancellationToken);
            if (existing is null)
            {
                existing = ToRecord($"{id}-parent-{serial[..Math.Min(8, serial.Length)].ToLowerInvariant()}", CaRole.Root, parentId,
                    issuer.SubjectDN.ToString(), issuer, false, now);
                existing.KeyId = "";
                db.Set<CaRecord>().Add(existing);
            }

            parentId = existing.Id;
        }

        var record = ToRecord(id, CaRole.Issuing, parentId, authority.Certificate.SubjectDN.ToString(), authority.Certificate, false, now);
        if (makeActive)
        {
            foreach (var active in await db.Set<CaRecord>().Where(c => c.IsActive).ToListAsync(cancellationToken))
            {
                active.IsActive = false;
                active.Version++;
            }

            record.IsActive = true;
        }

        db.Set<CaRecord>().Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    private static CaRecord ToRecord(string id, CaRole role, string? parentId, string name, X509Certificate certificate, bool demo, DateTime now) => new()
    {
        Id = id,
        Role = role,
        ParentId = parentId,
        DisplayName = name,
        KeyId = id,
        CertificateDer = certificate.GetEncoded(),
        SerialHex = certificate.SerialNumber.ToString(16).ToUpperInvariant(),
        NotBeforeUtc = certificate.NotBefore.ToUniversalTime(),
        NotAfterUtc = certificate.NotAfter.ToUniversalTime(),
        IsDemo = demo,
        CreatedUtc = now,
    };

    private static string CacheKey(CaRecord record) => $"{record.Id}:{record.SerialHex}";
}
