using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Applications;

/// <summary>NotFound, a refusal because of the application's state, a refusal of the file, or the stored document.</summary>
public sealed record SignedActResult(bool NotFound, string? StateError, string? FileError, Guid? DocumentId);

/// <summary>
/// The scan of the act the applicant signed, attached by the operator (optional): PDF, JPEG or PNG recognised by content,
/// within the scan size limit, once the certificate is issued. A new scan supersedes the previous one.
/// </summary>
public sealed class SignedActScans(KepOfficeDbContext db, IOptions<IntakeOptions> options, TimeProvider timeProvider)
{
    public async Task<SignedActResult> AttachAsync(string number, string fileName, byte[] content, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Number == number, cancellationToken);
        if (application is null)
        {
            return new SignedActResult(true, null, null, null);
        }

        if (application.CertificateId is null || application.Status is not (ApplicationStatus.AwaitingAct or ApplicationStatus.Completed))
        {
            return new SignedActResult(false, "Скан подписанного акта прикладывают после выпуска сертификата.", null, null);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (ScanFiles.ToDocument(new UploadedScan(DocumentKind.SignedAct, fileName, content), options.Value.MaxScanBytes, now, out var error) is not { } document)
        {
            return new SignedActResult(false, null, error, null);
        }

        document.ApplicationId = application.Id;
        await db.Set<ApplicationDocument>().Where(d => d.ApplicationId == application.Id && d.Kind == DocumentKind.SignedAct && !d.Superseded)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Superseded, true), cancellationToken);
        db.Set<ApplicationDocument>().Add(document);
        application.UpdatedUtc = now;
        application.Version++;
        await db.SaveChangesAsync(cancellationToken);
        return new SignedActResult(false, null, null, document.Id);
    }
}
