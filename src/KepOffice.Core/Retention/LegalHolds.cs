using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Retention;

/// <summary>NotFound, or a refusal (a wrong reason, a hold already set or not set), or done.</summary>
public sealed record LegalHoldResult(bool NotFound, string? Error, string? Field = null)
{
    public static readonly LegalHoldResult Done = new(false, null);
}

/// <summary>
/// Legal hold of an application (Managers and Administrators): while set, the retention job keeps every document of the
/// application. The reason is shown on the card; the audit records who and when, never the reason's text.
/// </summary>
public sealed class LegalHolds(KepOfficeDbContext db, AuditLog audit, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public async Task<LegalHoldResult> SetAsync(string number, string? reason, string actorLogin, CancellationToken cancellationToken)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            return new LegalHoldResult(false, "Укажите основание удержания документов (запрос суда, спор, проверка …).", "reason");
        }

        if (text.Length > MaxReasonLength)
        {
            return new LegalHoldResult(false, $"Основание удержания — не длиннее {MaxReasonLength} символов.", "reason");
        }

        // Line breaks are text; other control characters (NUL, escape sequences) are not, and PostgreSQL refuses a NUL.
        if (text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')))
        {
            return new LegalHoldResult(false, "Основание удержания содержит управляющие символы.", "reason");
        }

        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Number == number, cancellationToken);
        if (application is null)
        {
            return new LegalHoldResult(true, null);
        }

        if (application.LegalHold)
        {
            return new LegalHoldResult(false, "Документы заявления уже удерживаются: снимите удержание, чтобы задать новое основание.");
        }

        application.LegalHold = true;
        application.LegalHoldReason = text;
        application.LegalHoldBy = actorLogin;
        application.LegalHoldSinceUtc = time.GetUtcNow().UtcDateTime;
        return await SaveAsync(application, AuditActions.LegalHoldSet, cancellationToken);
    }

    public async Task<LegalHoldResult> ClearAsync(string number, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Number == number, cancellationToken);
        if (application is null)
        {
            return new LegalHoldResult(true, null);
        }

        if (!application.LegalHold)
        {
            return new LegalHoldResult(false, "Документы заявления не удерживаются.");
        }

        application.LegalHold = false;
        application.LegalHoldReason = null;
        application.LegalHoldBy = null;
        application.LegalHoldSinceUtc = null;
        return await SaveAsync(application, AuditActions.LegalHoldCleared, cancellationToken);
    }

    private async Task<LegalHoldResult> SaveAsync(Application application, string action, CancellationToken cancellationToken)
    {
        application.Version++;
        audit.Record(action, AuditObjects.Application, application.Number);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new LegalHoldResult(false, "Заявление изменено параллельно: обновите карточку и повторите.");
        }

        return LegalHoldResult.Done;
    }
}
