using Hangfire;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Issuance;
using KepOffice.Pki.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Certificates.Bulk;

public sealed record BulkRevocationRequest(string? CaId, string? Reason, string? Comment, string? Confirmation);

public sealed record BulkRevocationStart(BulkRevocation? Started, IReadOnlyDictionary<string, string[]> Errors, string? Conflict);

/// <summary>
/// Bulk revocation as a manager's action: confirmed by typing the CA's identifier, with a ground; carried out by a Hangfire
/// job in batches. Each batch revokes, writes its audit rows and advances the progress row in one transaction; the job
/// reads only certificates still in force, so a retry or a second run revokes nothing twice. A CRL is published every
/// <see cref="LifecycleOptions.BulkRevocationCrlEveryBatches"/> batches and once at the end. Each holder with a usable
/// address is told by e-mail, queued in the batch's transaction under the same key a single revocation uses, so a holder
/// hears of a certificate's revocation once.
/// </summary>
public sealed class BulkRevocations(
    KepOfficeDbContext db,
    AuditLog audit,
    CrlPublisher crls,
    EmailOutbox outbox,
    IBackgroundJobClient jobs,
    IOptions<LifecycleOptions> options,
    TimeProvider time,
    ILogger<BulkRevocations> logger)
{
    public async Task<BulkRevocationStart> StartAsync(BulkRevocationRequest request, string requestedBy, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var caId = request.CaId?.Trim() ?? "";
        // PostgreSQL refuses a NUL even in a query parameter: an id with control characters names no CA.
        var ca = caId.Length == 0 || caId.Any(char.IsControl) ? null : await db.Set<CaRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == caId && c.Role == CaRole.Issuing, cancellationToken);
        if (ca is null)
        {
            errors["caId"] = ["Выберите выпускающий УЦ (ключ), сертификаты которого нужно отозвать."];
        }

        if (!Enum.TryParse<RevocationReason>(request.Reason, ignoreCase: true, out var reason) || !Enum.IsDefined(reason)
            || reason is RevocationReason.CertificateHold or RevocationReason.RemoveFromCrl)
        {
            errors["reason"] = ["Причина отзыва: CACompromise (компрометация ключа УЦ), KeyCompromise, AffiliationChanged, Superseded, CessationOfOperation, PrivilegeWithdrawn или Unspecified."];
        }

        var comment = request.Comment?.Trim() ?? "";
        if (comment.Length is 0 or > 500)
        {
            errors["comment"] = ["Укажите основание массового отзыва (до 500 символов): оно попадёт в реестр каждого сертификата."];
        }
        else if (comment.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')))
        {
            errors["comment"] = ["Основание массового отзыва содержит управляющие символы."];
        }

        if (ca is not null && !string.Equals(request.Confirmation?.Trim(), ca.Id, StringComparison.Ordinal))
        {
            errors["confirmation"] = [$"Для подтверждения введите идентификатор УЦ «{ca.Id}»: отзыв необратим."];
        }

        if (errors.Count > 0)
        {
            return new BulkRevocationStart(null, errors, null);
        }

        if (await db.Set<BulkRevocation>().AnyAsync(b => b.CaId == caId && b.Status != BulkRevocationStatus.Completed, cancellationToken))
        {
            return new BulkRevocationStart(null, errors, "Массовый отзыв сертификатов этого УЦ уже выполняется.");
        }

        var total = await InForce(caId).CountAsync(cancellationToken);
        if (total == 0)
        {
            return new BulkRevocationStart(null, errors, "У этого УЦ нет действующих сертификатов: отзывать нечего.");
        }

        var bulk = new BulkRevocation
        {
            Id = Guid.CreateVersion7(),
            CaId = caId,
            Reason = reason,
            Comment = comment,
            RequestedBy = requestedBy,
            RequestedUtc = time.GetUtcNow().UtcDateTime,
            Status = BulkRevocationStatus.Queued,
            Total = total,
        };
        db.Add(bulk);
        audit.Record(AuditActions.BulkRevocationStarted, AuditObjects.Crl, caId, $"массовый отзыв {bulk.Id}: {total} сертификатов, причина {reason}");
        await db.SaveChangesAsync(cancellationToken);
        bulk.HangfireJobId = jobs.Enqueue<Jobs.BulkRevocationJobs>(j => j.RunAsync(bulk.Id, CancellationToken.None));
        bulk.Version++;
        await db.SaveChangesAsync(cancellationToken);
        return new BulkRevocationStart(bulk, errors, null);
    }

    /// <summary>Carries the bulk revocation out (or on, after a stop); a completed one is left as it is.</summary>
    public async Task<BulkRevocation?> RunAsync(Guid id, CancellationToken cancellationToken)
    {
        var bulk = await db.Set<BulkRevocation>().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (bulk is null || bulk.Status == BulkRevocationStatus.Completed)
        {
            return bulk;
        }

        bulk.Status = BulkRevocationStatus.Running;
        bulk.StartedUtc ??= time.GetUtcNow().UtcDateTime;
        bulk.Version++;
        await db.SaveChangesAsync(cancellationToken);

        var batchSize = options.Value.BulkRevocationBatchSize;
        var crlEvery = options.Value.BulkRevocationCrlEveryBatches;
        while (true)
        {
            var batch = await InForce(bulk.CaId).OrderBy(c => c.Id).Take(batchSize)
                .Select(c => new { c.Id, c.Version, c.Status, c.SerialHex, c.HolderName, c.Email }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var now = time.GetUtcNow().UtcDateTime;
            foreach (var c in batch)
            {
                // Only the revocation columns are written, guarded by the version read above; the DER is never loaded.
                var stub = new CertificateRecord { Id = c.Id, Version = c.Version, Status = c.Status };
                db.Attach(stub);
                stub.Status = CertificateStatus.Revoked;
                stub.RevocationReason = bulk.Reason;
                stub.RevocationComment = bulk.Comment;
                stub.RevokedAtUtc = now;
                stub.Version = c.Version + 1;
                audit.Record(AuditActions.CertificateRevoked, AuditObjects.Certificate, c.SerialHex, $"УЦ {bulk.CaId}, причина {bulk.Reason}, массовый отзыв {bulk.Id}");
            }

            var revokedAt = new DateTimeOffset(now, TimeSpan.Zero);
            await outbox.EnqueueManyAsync(
                batch.Where(c => LifecycleMail.IsDeliverable(c.Email))
                    .Select(c => new OutgoingEmail(c.Email!, EmailTemplateIds.CertificateRevoked,
                        new CertificateRevokedEmail(LifecycleMail.GreetingName(c.HolderName), c.SerialHex, revokedAt, bulk.Reason) { ByTheCa = true })
                    {
                        Correlation = $"certificate:{c.SerialHex}",
                        DedupeKey = IssuanceEmailSender.RevokedDedupeKey(c.Id),
                    })
                    .ToList(),
                cancellationToken);
            bulk.Revoked += batch.Count;
            bulk.Batches++;
            bulk.Version++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception e) when (LifecycleMail.IsRace(e))
            {
                // A certificate changed meanwhile (revoked by hand, say): read the batch again.
                bulk = await ReloadAsync(id, cancellationToken);
                continue;
            }

            logger.LogInformation("Bulk revocation {BulkId}: {Revoked} of {Total} certificates revoked", bulk.Id, bulk.Revoked, bulk.Total);
            if (bulk.Batches % crlEvery == 0)
            {
                await PublishAsync(id, bulk.CaId, cancellationToken);
            }

            bulk = await ReloadAsync(id, cancellationToken);
        }

        await PublishAsync(id, bulk.CaId, cancellationToken);
        bulk = await ReloadAsync(id, cancellationToken);
        bulk.Status = BulkRevocationStatus.Completed;
        bulk.FinishedUtc = time.GetUtcNow().UtcDateTime;
        bulk.Version++;
        await db.SaveChangesAsync(cancellationToken);
        return bulk;
    }

    public Task<List<BulkRevocation>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<BulkRevocation>().AsNoTracking().OrderByDescending(b => b.RequestedUtc).Take(50).ToListAsync(cancellationToken);

    public Task<BulkRevocation?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<BulkRevocation>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);

    private async Task PublishAsync(Guid id, string caId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (await crls.PublishAfterChangeAsync(caId, "a bulk revocation", cancellationToken) is { } number)
        {
            var bulk = await ReloadAsync(id, cancellationToken);
            bulk.CrlsPublished++;
            bulk.LastCrlNumber = number;
            bulk.Version++;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<BulkRevocation> ReloadAsync(Guid id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Set<BulkRevocation>().FirstAsync(b => b.Id == id, cancellationToken);
    }

    private IQueryable<CertificateRecord> InForce(string caId) =>
        db.Set<CertificateRecord>().Where(c => c.CaId == caId && (c.Status == CertificateStatus.Valid || c.Status == CertificateStatus.Suspended));
}
