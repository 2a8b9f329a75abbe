using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Applications;

public sealed record ApplicationListItem(Guid Id, string Number, string FullName, ApplicationStatus Status, ApplicationChannel Channel, DateTime CreatedUtc);

/// <summary>Reads of applications for the UI and the API; list queries never load scans.</summary>
public sealed class ApplicationQueries(KepOfficeDbContext db)
{
    public Task<Application?> FindOwnAsync(string number, Guid intakeClientId, CancellationToken cancellationToken) =>
        db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Number == number && a.IntakeClientId == intakeClientId, cancellationToken);

    public Task<Application?> GetByNumberAsync(string number, CancellationToken cancellationToken) =>
        db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Number == number, cancellationToken);

    public async Task<IReadOnlyList<ApplicationListItem>> SearchAsync(string? text, ApplicationStatus? status, int take, CancellationToken cancellationToken)
    {
        var query = db.Set<Application>().AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            var term = text.Trim();
            query = query.Where(a => a.Number.Contains(term) || a.Surname.Contains(term));
        }

        var rows = await query.OrderByDescending(a => a.CreatedUtc).Take(Math.Clamp(take, 1, 500))
            .Select(a => new { a.Id, a.Number, a.Surname, a.GivenName, a.Patronymic, a.Status, a.Channel, a.CreatedUtc })
            .ToListAsync(cancellationToken);
        return rows.Select(a => new ApplicationListItem(a.Id, a.Number, string.Join(' ', new[] { a.Surname, a.GivenName, a.Patronymic }.Where(p => p is not null)),
            a.Status, a.Channel, a.CreatedUtc)).ToList();
    }

    public async Task<IReadOnlyList<ApplicationDocumentInfo>> DocumentsAsync(Guid applicationId, CancellationToken cancellationToken) =>
        await db.Set<ApplicationDocument>().AsNoTracking().Where(d => d.ApplicationId == applicationId)
            .OrderBy(d => d.Kind).ThenByDescending(d => d.UploadedUtc)
            .Select(d => new ApplicationDocumentInfo(d.Id, d.Kind, d.ContentType, d.FileName, d.Size, d.UploadedUtc, d.Superseded))
            .ToListAsync(cancellationToken);

    public Task<ApplicationDocument?> DocumentAsync(Guid applicationId, Guid documentId, CancellationToken cancellationToken) =>
        db.Set<ApplicationDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.ApplicationId == applicationId && d.Id == documentId, cancellationToken);
}

public sealed record ApplicationDocumentInfo(Guid Id, DocumentKind Kind, string ContentType, string FileName, long Size, DateTime UploadedUtc, bool Superseded);
