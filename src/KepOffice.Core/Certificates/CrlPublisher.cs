using System.Globalization;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Pki.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Certificates;

/// <summary>
/// Issues full CRLs: after each revocation (in its own transaction, so a failure here never undoes or
/// blocks the revocation) and on a schedule before nextUpdate. The CRL number only grows.
/// </summary>
public sealed class CrlPublisher(
    KepOfficeDbContext db,
    CertificateAuthorityStore authorities,
    AuditLog audit,
    IOptions<PkiHostOptions> options,
    TimeProvider timeProvider,
    ILogger<CrlPublisher> logger)
{
    /// <summary>
    /// Publishes the CRL right after a register change (revocation, hold, unhold). A failure is logged and answered with
    /// null, never thrown: the change stands, and the crl-renewal job publishes on its next run.
    /// </summary>
    public async Task<long?> PublishAfterChangeAsync(string caId, string change, CancellationToken cancellationToken)
    {
        try
        {
            return (await PublishAsync(caId, cancellationToken)).CrlNumber;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("CRL of {CaId} not published after {Change} ({ExceptionType}); the crl-renewal job will retry", caId, change, ex.GetType().Name);
            return null;
        }
    }

    public async Task<CaRecord> PublishAsync(string caId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var record = await db.Set<CaRecord>().FirstOrDefaultAsync(c => c.Id == caId, cancellationToken)
                ?? throw new InvalidOperationException($"УЦ «{caId}» не найден.");
            var authority = await authorities.LoadAsync(record, cancellationToken);
            var revoked = db.Set<CertificateRecord>().AsNoTracking()
                .Where(c => c.CaId == caId && (c.Status == CertificateStatus.Revoked || c.Status == CertificateStatus.Suspended))
                .OrderBy(c => c.RevokedAtUtc)
                .Select(c => new { c.SerialHex, c.RevokedAtUtc, c.RevocationReason })
                .AsAsyncEnumerable();
            var entries = new List<RevokedCertificate>();
            await foreach (var c in revoked.WithCancellation(cancellationToken))
            {
                entries.Add(RevokedCertificate.FromHex(c.SerialHex, new DateTimeOffset(c.RevokedAtUtc!.Value, TimeSpan.Zero), c.RevocationReason ?? RevocationReason.Unspecified));
            }

            var number = record.CrlNumber + 1;
            var validity = TimeSpan.FromHours(options.Value.CrlValidityHours);
            var crl = new CrlGenerator(timeProvider).Generate(authority, new CrlRequest(new Org.BouncyCastle.Math.BigInteger(number.ToString(System.Globalization.CultureInfo.InvariantCulture)), validity), entries);
            var now = timeProvider.GetUtcNow().UtcDateTime;
            record.CrlNumber = number;
            record.CrlDer = crl;
            record.CrlThisUpdateUtc = now;
            record.CrlNextUpdateUtc = now + validity;
            record.Version++;
            var published = audit.Record(AuditActions.CrlPublished, AuditObjects.Crl, caId,
                string.Create(CultureInfo.InvariantCulture, $"CRL №{number}, записей {entries.Count}"));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("CRL {Number} of {CaId} published with {Count} entries", number, caId, entries.Count);
                return record;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // Another node published at the same moment; take its number and issue the next one. Only this attempt's
                // rows are forgotten: the unit of work may be a caller's (a workflow step revoking a certificate), whose
                // other tracked changes must still be saved.
                db.Entry(record).State = EntityState.Detached;
                db.Entry(published).State = EntityState.Detached;
            }
        }
    }

    /// <summary>The current CRL, issuing one if none exists yet or the stored one has run out.</summary>
    public async Task<byte[]> GetCurrentAsync(string caId, CancellationToken cancellationToken)
    {
        var record = await authorities.FindAsync(caId, cancellationToken)
            ?? throw new KeyNotFoundException(caId);
        if (record.CrlDer is null || record.CrlNextUpdateUtc <= timeProvider.GetUtcNow().UtcDateTime)
        {
            record = await PublishAsync(caId, cancellationToken);
        }

        return record.CrlDer!;
    }

    /// <summary>Re-issues every CRL whose nextUpdate is near; returns how many were issued.</summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        var threshold = timeProvider.GetUtcNow().UtcDateTime.AddHours(options.Value.CrlRenewBeforeHours);
        var due = await db.Set<CaRecord>().AsNoTracking()
            .Where(c => c.KeyId != "" && (c.CrlNextUpdateUtc == null || c.CrlNextUpdateUtc <= threshold))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            await PublishAsync(id, cancellationToken);
            db.ChangeTracker.Clear();
        }

        return due.Count;
    }
}
