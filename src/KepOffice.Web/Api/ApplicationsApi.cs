using System.Security.Claims;
using KepOffice.Core.Acts;
using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Identity;
using KepOffice.Core.Retention;
using KepOffice.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KepOffice.Web.Api;

public sealed record LegalHoldRequest(string? Reason);

/// <summary>Files the back office opens in the browser: scans, the act PDF and issued certificates.</summary>
public static class ApplicationsApi
{
    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/applications/{number}/documents/{docId:guid}", async (string number, Guid docId, HttpContext http, ApplicationQueries queries,
                KepOfficeDbContext db, AuditLog audit, CancellationToken ct) =>
            {
                if (await queries.GetByNumberAsync(number, ct) is not { } application
                    || await queries.DocumentAsync(application.Id, docId, ct) is not { } document)
                {
                    return ApiProblems.NotFound("Документ заявления не найден.");
                }

                if (document.PurgedUtc is not null)
                {
                    return ApiProblems.Gone("Скан удалён по истечении срока хранения.");
                }

                // Opening a scan of personal documents is itself a fact of the audit log (what was seen, not what it shows).
                audit.Record(AuditActions.DocumentViewed, AuditObjects.Document, docId.ToString(), $"заявление {application.Number}, {document.Kind}");
                await db.SaveChangesAsync(ct);
                Inline(http, document.FileName);
                return Results.File(document.Content, document.ContentType);
            })
            .RequireAuthorization(Policies.Staff)
            .WithTags("Заявления")
            .WithSummary("Скан документа заявления (открывается в браузере).");

        app.MapPost("/api/applications/{number}/signed-act", async (string number, HttpRequest request, SignedActScans scans,
                IOptions<IntakeOptions> intake, CancellationToken ct) =>
            {
                var form = await FormFiles.ReadFormAsync(request, intake.Value.MaxRequestBytes, ct);
                if (form.Files.GetFile("file") is not { } file)
                {
                    return ApiProblems.Validation("file", "Приложите скан подписанного акта (поле file: PDF, JPEG или PNG).");
                }

                if (file.Length > intake.Value.MaxScanBytes)
                {
                    return ApiProblems.Validation("file", $"Подписанный акт: файл больше {intake.Value.MaxScanBytes / (1024 * 1024)} МБ.");
                }

                var result = await scans.AttachAsync(number, file.FileName, await FormFiles.ReadAsync(file, intake.Value.MaxScanBytes, ct), ct);
                return result switch
                {
                    { NotFound: true } => ApiProblems.NotFound("Заявление не найдено."),
                    { StateError: { } error } => ApiProblems.Conflict(error),
                    { FileError: { } error } => ApiProblems.Validation("file", error),
                    _ => Results.Ok(new { documentId = result.DocumentId }),
                };
            })
            .RequireAuthorization(Policies.Operators)
            .WithTags("Заявления")
            .WithSummary("Скан акта, подписанного заявителем (необязательно): PDF, JPEG или PNG; новый скан заменяет прежний.");

        app.MapGet("/api/applications/{number}/act", async (string number, HttpContext http, ClaimsPrincipal user, ApplicationQueries queries,
                KepOfficeDbContext db, AuditLog audit, CertificateAuthorityStore authorities, IOptions<PkiHostOptions> pki, IServiceProvider services, CancellationToken ct) =>
            {
                if (await queries.GetByNumberAsync(number, ct) is not { } application)
                {
                    return ApiProblems.NotFound("Заявление не найдено.");
                }

                var certificate = await db.Set<CertificateRecord>().AsNoTracking()
                    .Where(c => c.ApplicationNumber == number || (application.CertificateId != null && c.Id == application.CertificateId))
                    .OrderByDescending(c => c.IssuedUtc).FirstOrDefaultAsync(ct);
                if (certificate is null)
                {
                    return ApiProblems.Conflict("Сертификат по заявлению ещё не выпущен: акт сформировать нельзя.");
                }

                if (await authorities.FindAsync(certificate.CaId, ct) is not { } ca)
                {
                    return ApiProblems.Conflict("Удостоверяющий центр, выпустивший сертификат, не найден.");
                }

                var factory = services.GetService<ActFactory>() ?? ActivatorUtilities.CreateInstance<ActFactory>(services);
                var renderer = services.GetService<ActRenderer>() ?? ActivatorUtilities.CreateInstance<ActRenderer>(services);
                var operatorName = user.FindFirstValue("display_name") ?? user.Identity?.Name ?? "";
                var verification = new Uri($"{pki.Value.PublicUrl.TrimEnd('/')}/api/certificates/{certificate.SerialHex}.cer");
                var pdf = renderer.Render(factory.Create(application, certificate.Der, ca.CertificateDer, operatorName, verification));
                audit.Record(AuditActions.ActDownloaded, AuditObjects.Application, application.Number, $"сертификат {certificate.SerialHex}");
                await db.SaveChangesAsync(ct);
                Inline(http, $"act-{number}.pdf");
                return Results.File(pdf, "application/pdf");
            })
            .RequireAuthorization(Policies.Operators)
            .WithTags("Заявления")
            .WithSummary("Акт приёма-передачи квалифицированного сертификата (PDF).");

        app.MapPost("/api/applications/{number}/legal-hold", async (string number, LegalHoldRequest? request, ClaimsPrincipal user,
                LegalHolds holds, CancellationToken ct) =>
                LegalHoldAnswer(await holds.SetAsync(number, request?.Reason, user.Identity?.Name ?? "", ct)))
            .RequireAuthorization(Policies.Supervisors)
            .WithTags("Заявления")
            .WithSummary("Удержание документов заявления (legal hold) с основанием: задание по сроку хранения их не удаляет.");

        app.MapDelete("/api/applications/{number}/legal-hold", async (string number, LegalHolds holds, CancellationToken ct) =>
                LegalHoldAnswer(await holds.ClearAsync(number, ct)))
            .RequireAuthorization(Policies.Supervisors)
            .WithTags("Заявления")
            .WithSummary("Снятие удержания документов заявления.");

        app.MapGet("/api/certificates/{serial}.cer", async (string serial, KepOfficeDbContext db, CancellationToken ct) =>
                await db.Set<CertificateRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.SerialHex == serial.ToUpperInvariant() || c.SerialHex == serial.ToLowerInvariant(), ct) is { } certificate
                    ? Results.File(certificate.Der, "application/pkix-cert", $"{certificate.SerialHex}.cer")
                    : ApiProblems.NotFound("Сертификат с таким серийным номером не найден."))
            .RequireAuthorization(Policies.Staff)
            .WithTags("Сертификаты")
            .WithSummary("Выданный сертификат (DER).");
        return app;
    }

    private static IResult LegalHoldAnswer(LegalHoldResult result) => result switch
    {
        { NotFound: true } => ApiProblems.NotFound("Заявление не найдено."),
        { Error: { } error, Field: { } field } => ApiProblems.Validation(field, error),
        { Error: { } error } => ApiProblems.Conflict(error),
        _ => Results.NoContent(),
    };

    private static void Inline(HttpContext http, string fileName)
    {
        http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { Inline = true, FileName = Ascii(fileName) }.ToString();
        http.Response.Headers.XContentTypeOptions = "nosniff";
    }

    // Scan names come from the portal; only a safe ASCII form goes into the header.
    private static string Ascii(string name) =>
        new(name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' and not ';' ? c : '_').ToArray());
}
