using System.Globalization;
using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Retention;

/// <summary>What one retention run did.</summary>
public sealed record RetentionRunResult(int DocumentsPurged, int Applications);

/// <summary>
/// Deletes the content of documents past retention (<see cref="RetentionOptions"/>) unless their application is under
/// legal hold. The document row stays, marked with the time it was purged, so the card still says what had been there;
/// each application's purge commits with one audit record. Safe to re-run: a purged document is never touched again, and
/// the hold is checked again inside the transaction that deletes.
/// </summary>
public sealed class DocumentRetention(KepOfficeDbContext db, AuditLog audit, IOptions<RetentionOptions> options, TimeProvider time,
    ILogger<DocumentRetention> logger)
{
    public async Task<RetentionRunResult> PurgeDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var purged = 0;
        var applications = 0;
        while (true)
        {
            // A batch is a number of applications, so that each application's purge is one transaction and one audit row.
            var due = DueDocuments(settings, now);
            var ids = await due.Select(d => d.ApplicationId).Distinct().OrderBy(id => id).Take(settings.BatchSize).ToListAsync(cancellationToken);
            var documents = await due.Where(d => ids.Contains(d.ApplicationId)).Select(d => new { d.Id, d.ApplicationId }).ToListAsync(cancellationToken);
            var numbers = await db.Set<Application>().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Number })
                .ToDictionaryAsync(a => a.Id, a => a.Number, cancellationToken);
            foreach (var group in documents.GroupBy(d => d.ApplicationId))
            {
                var count = await PurgeAsync(group.Key, numbers[group.Key], group.Select(d => d.Id).ToList(), now, cancellationToken);
                purged += count;
                applications += count > 0 ? 1 : 0;
            }

            if (ids.Count < settings.BatchSize)
            {
                break;
            }
        }

        if (purged > 0)
        {
            logger.LogInformation("Retention purged {Documents} documents of {Applications} applications", purged, applications);
        }

        return new RetentionRunResult(purged, applications);
    }

    private IQueryable<ApplicationDocument> DueDocuments(RetentionOptions settings, DateTime now)
    {
        // A year count of 0 keeps that kind of document: its cut-off is put before any possible date.
        var issuedCutoff = settings.IssuedScanYears == 0 ? DateTime.MinValue : now.AddYears(-settings.IssuedScanYears);
        var actCutoff = settings.SignedActYears == 0 ? DateTime.MinValue : now.AddYears(-settings.SignedActYears);
        var unissuedCutoff = settings.UnissuedScanYears == 0 ? DateTime.MinValue : now.AddYears(-settings.UnissuedScanYears);
        var unissued = new[] { ApplicationStatus.Rejected, ApplicationStatus.Cancelled };

        return
            from d in db.Set<ApplicationDocument>()
            join a in db.Set<Application>() on d.ApplicationId equals a.Id
            from c in db.Set<CertificateRecord>().Where(c => c.Id == a.CertificateId).DefaultIfEmpty()
            where d.PurgedUtc == null && !a.LegalHold
            // With a certificate, the clock starts when it ended (notAfter, or its revocation), whatever the process state;
            // without one, only a refused or cancelled application's scans go, counted from its last change.
            where (a.CertificateId == null && unissued.Contains(a.Status) && a.UpdatedUtc < unissuedCutoff)
                || (c != null && d.Kind != DocumentKind.SignedAct
                    && (c.NotAfterUtc < issuedCutoff || (c.Status == CertificateStatus.Revoked && c.RevokedAtUtc < issuedCutoff)))
                || (c != null && d.Kind == DocumentKind.SignedAct
                    && (c.NotAfterUtc < actCutoff || (c.Status == CertificateStatus.Revoked && c.RevokedAtUtc < actCutoff)))
            select d;
    }

    private async Task<int> PurgeAsync(Guid applicationId, string number, List<Guid> documentIds, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var count = await db.Set<ApplicationDocument>()
            .Where(d => d.ApplicationId == applicationId && documentIds.Contains(d.Id) && d.PurgedUtc == null
                && !db.Set<Application>().Any(a => a.Id == applicationId && a.LegalHold))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, Array.Empty<byte>()).SetProperty(d => d.PurgedUtc, now), cancellationToken);
        if (count > 0)
        {
            audit.Record(AuditActions.DocumentsPurged, AuditObjects.Application, number,
                string.Create(CultureInfo.InvariantCulture, $"документов: {count}, по сроку хранения"));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }
}
