using System.Globalization;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Certificates.Lifecycle;

public sealed record ExpiryRunResult(int Expired, int Notified);

/// <summary>
/// Marks valid certificates whose notAfter has passed as Expired and e-mails the holder, in the same
/// transaction. The status change is guarded by the row's version, so of two runs only one makes it
/// (and a revocation in between wins); the message carries a dedupe key as a second guard.
/// </summary>
public sealed class CertificateExpiry(
    KepOfficeDbContext db,
    AuditLog audit,
    EmailOutbox outbox,
    LifecycleMail mail,
    IOptions<LifecycleOptions> options,
    TimeProvider time,
    ILogger<CertificateExpiry> logger)
{
    // Each conflict means another run committed work, so this bounds only a run that never wins.
    private const int MaxConflictsInARow = 50;

    private sealed record Expiring(Guid Id, int Version, string SerialHex, string HolderName, string? Email, DateTime NotAfterUtc);

    public async Task<ExpiryRunResult> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var batchSize = options.Value.BatchSize;
        int expired = 0, notified = 0, conflicts = 0;
        while (true)
        {
            // A certificate is valid through its notAfter second (RFC 5280), expired after it.
            var batch = await db.Set<CertificateRecord>().AsNoTracking()
                .Where(c => c.Status == CertificateStatus.Valid && c.NotAfterUtc < now)
                .OrderBy(c => c.NotAfterUtc).ThenBy(c => c.Id)
                .Take(batchSize)
                .Select(c => new Expiring(c.Id, c.Version, c.SerialHex, c.HolderName, c.Email, c.NotAfterUtc))
                .ToListAsync(cancellationToken);
            var messages = new List<OutgoingEmail>(batch.Count);
            foreach (var c in batch)
            {
                // Only Status and Version are written, guarded by the version read above; the DER is never loaded.
                var stub = new CertificateRecord { Id = c.Id, Version = c.Version, Status = CertificateStatus.Valid };
                db.Attach(stub);
                stub.Status = CertificateStatus.Expired;
                stub.Version = c.Version + 1;
                audit.Record(AuditActions.CertificateExpired, AuditObjects.Certificate, c.SerialHex,
                    string.Create(CultureInfo.InvariantCulture, $"срок действия до {c.NotAfterUtc:yyyy-MM-dd HH:mm:ss} UTC"), AuditActor.System);
                if (LifecycleMail.IsDeliverable(c.Email))
                {
                    var model = new CertificateExpiredEmail(LifecycleMail.GreetingName(c.HolderName), c.SerialHex,
                        new DateTimeOffset(DateTime.SpecifyKind(c.NotAfterUtc, DateTimeKind.Utc)), mail.NewApplicationUrl());
                    messages.Add(new OutgoingEmail(c.Email!, EmailTemplateIds.CertificateExpired, model)
                    {
                        Correlation = $"certificate:{c.SerialHex}",
                        DedupeKey = DedupeKey(c.Id),
                    });
                }
                else
                {
                    logger.LogWarning("Certificate {CertificateId} expired; it has no usable e-mail address, so no message is sent", c.Id);
                }
            }

            // One dedupe query for the batch.
            var batchNotified = (await outbox.EnqueueManyAsync(messages, cancellationToken)).Count(e => e is not null);

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                conflicts = 0;
                expired += batch.Count;
                notified += batchNotified;
            }
            catch (Exception e) when (LifecycleMail.IsRace(e) && ++conflicts <= MaxConflictsInARow)
            {
                db.ChangeTracker.Clear();
                logger.LogInformation("Certificate expiry: a concurrent change touched a batch; retrying");
                continue;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }

            if (batch.Count < batchSize)
            {
                break;
            }
        }

        if (expired > 0)
        {
            logger.LogInformation("Certificate expiry: {Expired} certificates expired, {Notified} holders notified", expired, notified);
        }

        return new ExpiryRunResult(expired, notified);
    }

    internal static string DedupeKey(Guid certificateId) => $"expired:{certificateId:N}";
}
