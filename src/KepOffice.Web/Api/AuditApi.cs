using System.Globalization;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Core.Identity;
using KepOffice.Web.Hosting;

namespace KepOffice.Web.Api;

/// <summary>
/// The audit log for auditors outside the application: a CSV of the rows a filter selects, in chain order, with every field
/// the hash covers in its canonical form (time in UTC to the microsecond, the actor kind by name), the previous hash and the
/// hash, so that an export of the whole log can be verified with nothing but SHA-256. The export is itself recorded.
/// </summary>
public static class AuditApi
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    private static readonly string[] Headers =
    [
        "Номер", "Время (UTC)", "Вид исполнителя", "Исполнитель", "Имя исполнителя", "Откуда", "Код действия", "Действие",
        "Тип объекта", "Объект", "Подробности", "Хеш предыдущей записи", "Хеш записи",
    ];

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit/export.csv", ExportCsv)
            .WithTags("Аудит")
            .RequireAuthorization(Policies.Auditors)
            .WithSummary("Журнал аудита в CSV (UTF-8 с BOM, разделитель «;»), в порядке цепочки: фильтры action, actor, object, from, to (даты ГГГГ-ММ-ДД, сутки по Москве).");
        return api;
    }

    private static async Task<IResult> ExportCsv(string? action, string? actor, string? @object, string? from, string? to,
        AuditQueries queries, AuditLog audit, KepOfficeDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (TryParse(action, actor, @object, from, to, out var errors) is not { } filter)
        {
            return ApiProblems.Validation(errors);
        }

        // Who took which part of the log is a fact of the log (the filter's values are identifiers, never personal data).
        audit.Record(AuditActions.AuditExported, AuditObjects.AuditLog, "csv",
            $"действие {filter.Action ?? "любое"}; исполнитель {(filter.Actor is null ? "любой" : "задан")}; объект {(filter.ObjectId is null ? "любой" : "задан")}; "
            + $"с {from?.Trim() ?? "начала"} по {to?.Trim() ?? "сегодня"}");
        await db.SaveChangesAsync(ct);

        var rows = queries.InChainOrder(filter);
        var name = $"zhurnal-audita-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.csv";
        return Results.Stream(stream => WriteCsvAsync(rows, stream, ct), "text/csv; charset=utf-8", name);
    }

    /// <summary>Checks the export's query: a known action, short identifiers without control characters, valid dates in order.</summary>
    internal static AuditFilter? TryParse(string? action, string? actor, string? objectId, string? from, string? to, out Dictionary<string, string[]> errors)
    {
        errors = [];
        action = Blank(action);
        if (action is not null && !AuditActions.Labels.ContainsKey(action))
        {
            errors["action"] = ["Неизвестное действие. Допустимы коды из списка действий журнала (например auth.sign-in)."];
        }

        actor = Blank(actor);
        objectId = Blank(objectId);
        foreach (var (field, value) in new[] { ("actor", actor), ("object", objectId) })
        {
            if (value is { Length: > AuditQueries.MaxSearchLength })
            {
                errors[field] = [$"Не длиннее {AuditQueries.MaxSearchLength} символов."];
            }
            else if (ApiProblems.IsUncleanText(value) || value?.Any(char.IsControl) == true)
            {
                errors[field] = ["Содержит управляющие или недопустимые символы."];
            }
        }

        var fromDay = Day(from, "from", errors);
        var toDay = Day(to, "to", errors);
        if (fromDay is { } f && toDay is { } t && f > t)
        {
            errors["to"] = ["Дата «по» раньше даты «с»."];
        }

        return errors.Count > 0
            ? null
            : new AuditFilter(action, actor, objectId,
                fromDay is { } start ? MoscowMidnightUtc(start) : null,
                toDay is { } end ? MoscowMidnightUtc(end.AddDays(1)) : null);
    }

    internal static Task WriteCsvAsync(IAsyncEnumerable<AuditEvent> rows, Stream output, CancellationToken cancellationToken) =>
        CertificateRegisterExport.WriteCsvAsync(Headers, rows, row =>
        [
            row.Sequence.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(row.OccurredUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            row.ActorKind.ToString(), row.ActorId, row.ActorName, row.Origin, row.Action, AuditActions.Label(row.Action),
            row.ObjectType, row.ObjectId, row.Detail, row.PreviousHash, row.Hash,
        ], output, cancellationToken);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? Day(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 2000)
        {
            return day;
        }

        errors[field] = ["Дата в формате ГГГГ-ММ-ДД, например 2026-12-01."];
        return null;
    }

    private static DateTime MoscowMidnightUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Moscow);
}
