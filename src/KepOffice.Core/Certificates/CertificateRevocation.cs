using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Pki.Revocation;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Certificates;

public sealed record RevocationResult(bool NotFound, string? Error, CertificateRecord? Certificate, long? CrlNumber);

/// <summary>
/// Revokes a certificate and publishes a new CRL at once. The revocation commits first; a CRL
/// failure is logged and left to the crl-renewal job, so publishing never blocks or undoes it.
/// A certificate on hold can still be revoked for good: its CRL entry then carries the new reason.
/// </summary>
public sealed class CertificateRevocation(KepOfficeDbContext db, AuditLog audit, CrlPublisher crls, TimeProvider timeProvider)
{
    public async Task<RevocationResult> RevokeAsync(string serialHex, RevocationReason reason, string? comment, CancellationToken cancellationToken)
    {
        if (reason is RevocationReason.RemoveFromCrl)
        {
            return new RevocationResult(false, "Причина removeFromCRL используется только в разностных CRL.", null, null);
        }

        if (reason is RevocationReason.CertificateHold)
        {
            return new RevocationResult(false, "Приостановление действия — отдельная операция (hold), а не причина отзыва.", null, null);
        }

        var certificate = await db.Set<CertificateRecord>().FirstOrDefaultAsync(c => c.SerialHex == serialHex.ToUpperInvariant(), cancellationToken);
        if (certificate is null)
        {
            return new RevocationResult(true, null, null, null);
        }

        if (certificate.Status == CertificateStatus.Revoked)
        {
            return new RevocationResult(false, "Сертификат уже отозван.", certificate, null);
        }

        certificate.Status = CertificateStatus.Revoked;
        certificate.RevocationReason = reason;
        certificate.RevocationComment = comment?.Length > 500 ? comment[..500] : comment;
        certificate.RevokedAtUtc = timeProvider.GetUtcNow().UtcDateTime;
        certificate.Version++;
        audit.Record(AuditActions.CertificateRevoked, AuditObjects.Certificate, certificate.SerialHex, $"УЦ {certificate.CaId}, причина {reason}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new RevocationResult(false, "Сертификат изменён параллельно: обновите карточку и повторите.", null, null);
        }

        return new RevocationResult(false, null, certificate, await crls.PublishAfterChangeAsync(certificate.CaId, "a revocation", cancellationToken));
    }
}
