using KepOffice.Core.Data;
using KepOffice.Core.Protection;
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
            // Names and СНИЛС are encrypted: they match whole, through their blind indexes; the number matches in part.
            var term = text.Trim();
            var surname = db.PersonalData.BlindIndex(BlindIndexField.Surname, term);
            var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
            var snils = digits.Length == 11 ? db.PersonalData.BlindIndex(BlindIndexField.Snils, digits) : null;
            query = query.Where(a => a.Number.Contains(term) || a.SurnameIndex == surname || (snils != null && a.SnilsIndex == snils));
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
            .Select(d => new ApplicationDocumentInfo(d.Id, d.Kind, d.ContentType, d.FileName, d.Size, d.UploadedUtc, d.Superseded, d.PurgedUtc))
            .ToListAsync(cancellationToken);

    public Task<ApplicationDocument?> DocumentAsync(Guid applicationId, Guid documentId, CancellationToken cancellationToken) =>
        db.Set<ApplicationDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.ApplicationId == applicationId && d.Id == documentId, cancellationToken);
}

public sealed record ApplicationDocumentInfo(Guid Id, DocumentKind Kind, string ContentType, string FileName, long Size, DateTime UploadedUtc, bool Superseded,
    DateTime? PurgedUtc = null);
