using KepOffice.Core.Data;
using KepOffice.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Applications;

public sealed record ResubmitResult(bool NotFound, bool Accepted, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>Corrected scans for an application returned for correction; they wake the waiting workflow.</summary>
public sealed class ResubmitDocuments(KepOfficeDbContext db, WorkflowStimulusService stimuli, IOptions<IntakeOptions> options, TimeProvider timeProvider)
{
    public const string Stimulus = "documents-uploaded";

    public async Task<ResubmitResult> ResubmitAsync(string number, Guid intakeClientId, IReadOnlyList<UploadedScan> scans, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Number == number && a.IntakeClientId == intakeClientId, cancellationToken);
        if (application is null)
        {
            return new ResubmitResult(true, false, new Dictionary<string, string[]>());
        }

        var errors = new Dictionary<string, string[]>();
        if (application.Status != ApplicationStatus.NeedsCorrection)
        {
            errors["number"] = ["Заявление не ожидает исправленных документов."];
        }

        if (scans.Count == 0)
        {
            errors["scans"] = ["Приложите хотя бы один исправленный скан."];
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var documents = new List<ApplicationDocument>();
        foreach (var scan in scans)
        {
            if (ScanFiles.ToDocument(scan, options.Value.MaxScanBytes, now, out var error) is { } document)
            {
                document.ApplicationId = application.Id;
                documents.Add(document);
            }
            else
            {
                errors[SubmitApplication.FieldOf(scan.Kind)] = [error!];
            }
        }

        if (errors.Count > 0)
        {
            return new ResubmitResult(false, false, errors);
        }

        var kinds = documents.Select(d => d.Kind).ToHashSet();
        await db.Set<ApplicationDocument>().Where(d => d.ApplicationId == application.Id && kinds.Contains(d.Kind))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Superseded, true), cancellationToken);
        db.Set<ApplicationDocument>().AddRange(documents);
        application.UpdatedUtc = now;
        application.Version++;
        await db.SaveChangesAsync(cancellationToken);
        await stimuli.SendAsync(Stimulus, number, null, cancellationToken);
        return new ResubmitResult(false, true, errors);
    }
}
