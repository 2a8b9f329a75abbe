using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Pki.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KepOffice.Core.Certificates;

/// <summary>
/// Suspends (certificateHold) and resumes a certificate. A hold is listed in the CRL like a revocation
/// and published at once; resuming drops the entry from the next full CRL, which is also published at
/// once. Only a valid, unexpired certificate whose profile allows it can be held; only a held one can
/// be resumed. Messages and logs name the serial number, never the holder.
/// </summary>
public sealed class CertificateHold(KepOfficeDbContext db, AuditLog audit, CrlPublisher crls, TimeProvider timeProvider, ILogger<CertificateHold> logger)
{
    public const int MaxCommentLength = 500;

    public async Task<RevocationResult> HoldAsync(string serialHex, string? comment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return new RevocationResult(false, "Укажите основание приостановления действия сертификата.", null, null);
        }

        if (comment.Trim().Length > MaxCommentLength)
        {
            return new RevocationResult(false, $"Основание приостановления — не длиннее {MaxCommentLength} символов.", null, null);
        }

        var certificate = await FindAsync(serialHex, cancellationToken);
        if (certificate is null)
        {
            return new RevocationResult(true, null, null, null);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var refusal = certificate.Status switch
        {
            CertificateStatus.Suspended => "Действие сертификата уже приостановлено.",
            CertificateStatus.Revoked => "Сертификат отозван: приостановить его действие нельзя.",
            CertificateStatus.Expired => "Срок действия сертификата истёк: приостановить его действие нельзя.",
            CertificateStatus.Superseded => "Сертификат заменён: приостановить его действие нельзя.",
            CertificateStatus.Valid when certificate.NotAfterUtc <= now => "Срок действия сертификата истёк: приостановить его действие нельзя.",
            CertificateStatus.Valid when !certificate.HoldAllowed => "Профиль сертификата не допускает приостановления действия; при необходимости сертификат можно только отозвать.",
            CertificateStatus.Valid => null,
            _ => throw new InvalidOperationException("Unknown certificate status."),
        };
        if (refusal is not null)
        {
            return new RevocationResult(false, refusal, certificate, null);
        }

        certificate.Status = CertificateStatus.Suspended;
        certificate.RevocationReason = RevocationReason.CertificateHold;
        certificate.RevocationComment = comment.Trim();
        certificate.RevokedAtUtc = now;
        return await SaveAndPublishAsync(certificate, "put on hold", AuditActions.CertificateHeld, cancellationToken);
    }

    public async Task<RevocationResult> ReleaseAsync(string serialHex, CancellationToken cancellationToken)
    {
        var certificate = await FindAsync(serialHex, cancellationToken);
        if (certificate is null)
        {
            return new RevocationResult(true, null, null, null);
        }

        var refusal = certificate.Status switch
        {
            CertificateStatus.Revoked => "Сертификат отозван: возобновить его действие нельзя.",
            CertificateStatus.Suspended when certificate.NotAfterUtc <= timeProvider.GetUtcNow().UtcDateTime =>
                "Срок действия сертификата истёк: возобновить его действие нельзя.",
            CertificateStatus.Suspended => null,
            CertificateStatus.Valid or CertificateStatus.Expired or CertificateStatus.Superseded => "Действие сертификата не приостановлено.",
            _ => throw new InvalidOperationException("Unknown certificate status."),
        };
        if (refusal is not null)
        {
            return new RevocationResult(false, refusal, certificate, null);
        }

        certificate.Status = CertificateStatus.Valid;
        certificate.RevocationReason = null;
        certificate.RevocationComment = null;
        certificate.RevokedAtUtc = null;
        return await SaveAndPublishAsync(certificate, "released from hold", AuditActions.CertificateUnheld, cancellationToken);
    }

    private Task<CertificateRecord?> FindAsync(string serialHex, CancellationToken cancellationToken)
    {
        var normalized = serialHex.Trim().ToUpperInvariant();
        return db.Set<CertificateRecord>().FirstOrDefaultAsync(c => c.SerialHex == normalized, cancellationToken);
    }

    private async Task<RevocationResult> SaveAndPublishAsync(CertificateRecord certificate, string action, string auditAction, CancellationToken cancellationToken)
    {
        certificate.Version++;
        audit.Record(auditAction, AuditObjects.Certificate, certificate.SerialHex, $"УЦ {certificate.CaId}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new RevocationResult(false, "Сертификат изменён параллельно: обновите карточку и повторите.", null, null);
        }

        logger.LogInformation("Certificate {Serial} of {CaId} {Action}", certificate.SerialHex, certificate.CaId, action);
        return new RevocationResult(false, null, certificate, await crls.PublishAfterChangeAsync(certificate.CaId, "a hold change", cancellationToken));
    }
}
