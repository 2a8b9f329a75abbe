using System.Security.Claims;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Register;
using KepOffice.Core.Data;
using KepOffice.Core.Identity;
using KepOffice.Pki.Export;
using KepOffice.Pki.Revocation;
using KepOffice.Pki.Verification;
using KepOffice.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.X509;

namespace KepOffice.Web.Api;

public sealed record RevokeRequest(string? Reason, string? Comment);

public sealed record HoldRequest(string? Comment);

public sealed record VerificationAnswer(bool IsValid, string RevocationStatus, string? Subject, string? SerialNumber,
    DateTime? NotBefore, DateTime? NotAfter, IReadOnlyList<VerificationFinding> Findings);

/// <summary>Certificate files (PEM, PKCS#7 with the chain), revocation and the verification service.</summary>
public static class CertificatesApi
{
    private const long MaxUploadBytes = 16 * 1024 * 1024;

    public static RouteGroupBuilder MapCertificatesApi(this RouteGroupBuilder api)
    {
        var files = api.MapGroup("/certificates").WithTags("Сертификаты").RequireAuthorization(Policies.Staff);
        files.MapGet("/{serial}.pem", async (string serial, KepOfficeDbContext db, CancellationToken ct) =>
            await FindAsync(db, serial, ct) is { } c
                ? Results.File(System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(new X509Certificate(c.Der))), "application/x-pem-file", $"{c.SerialHex}.pem")
                : ApiProblems.NotFound("Сертификат не найден."));
        files.MapGet("/{serial}.p7b", async (string serial, KepOfficeDbContext db, CertificateAuthorityStore authorities, CancellationToken ct) =>
            {
                if (await FindAsync(db, serial, ct) is not { } c)
                {
                    return ApiProblems.NotFound("Сертификат не найден.");
                }

                return Results.File(CertificateExport.ToP7b([new X509Certificate(c.Der), .. await authorities.ChainAsync(c.CaId, ct)]),
                    "application/x-pkcs7-certificates", $"{c.SerialHex}.p7b");
            })
            .WithSummary("Сертификат с цепочкой УЦ (PKCS#7).");

        var register = api.MapGroup("/certificates/register").WithTags("Сертификаты").RequireAuthorization(Policies.Auditors);
        register.MapGet("/export.csv", ExportCsv)
            .WithSummary("Реестр сертификатов в CSV (UTF-8 с BOM, разделитель «;»): фильтры status, expiringWithinDays, search.");
        register.MapGet("/export.xlsx", ExportXlsx)
            .WithSummary("Реестр сертификатов в XLSX: фильтры status, expiringWithinDays, search.");

        api.MapPost("/certificates/{serial}/revoke", async (string serial, RevokeRequest request, CertificateRevocation revocation, CancellationToken ct) =>
            {
                if (!TryParseRevocationReason(request.Reason, out var reason))
                {
                    return RevocationReasonProblem();
                }

                if (ApiProblems.IsUncleanText(request.Comment))
                {
                    return ApiProblems.Unclean("comment");
                }

                var result = await revocation.RevokeAsync(serial, reason, request.Comment, ct);
                return result switch
                {
                    { NotFound: true } => ApiProblems.NotFound("Сертификат не найден."),
                    { Error: { } error } => ApiProblems.Conflict(error),
                    _ => Results.Ok(new { serial = result.Certificate!.SerialHex, revokedAt = result.Certificate.RevokedAtUtc, crlNumber = result.CrlNumber }),
                };
            })
            .WithTags("Сертификаты")
            .RequireAuthorization(Policies.Managers)
            .WithSummary("Отзыв сертификата; новый CRL публикуется сразу.");

        api.MapPost("/certificates/{serial}/revocation-requests", async (string serial, RevokeRequest request, ClaimsPrincipal user,
                KepOfficeDbContext db, KepOffice.Workflows.Runtime.WorkflowInstanceService workflows, CancellationToken ct) =>
            {
                if (!TryParseRevocationReason(request.Reason, out var reason))
                {
                    return RevocationReasonProblem();
                }

                // The comment goes into the workflow's input, a JSON document PostgreSQL refuses with a NUL in it.
                if (ApiProblems.IsUncleanText(request.Comment))
                {
                    return ApiProblems.Unclean("comment");
                }

                var certificate = await FindAsync(db, serial, ct);
                if (certificate is null)
                {
                    return ApiProblems.NotFound("Сертификат не найден.");
                }

                if (certificate.Status is not (CertificateStatus.Valid or CertificateStatus.Suspended))
                {
                    return ApiProblems.Conflict($"Сертификат уже не действует ({Components.Pages.BackOfficeText.Status(certificate.Status)}): отзывать нечего.");
                }

                var comment = request.Comment?.Trim();
                var started = await workflows.StartAsync(RevocationWorkflowId, new KepOffice.Workflows.StartWorkflowRequest
                {
                    CorrelationId = certificate.SerialHex,
                    Input = new System.Text.Json.Nodes.JsonObject
                    {
                        ["serial"] = certificate.SerialHex,
                        ["reason"] = reason.ToString(),
                        ["comment"] = comment is { Length: > 500 } ? comment[..500] : comment,
                        ["requestedBy"] = user.ToWorkflowActor().UserId,
                    },
                }, user.ToWorkflowActor(), ct);
                return started.Created
                    ? Results.Created($"/api/workflow-instances/{started.InstanceId}", new { instanceId = started.InstanceId, serial = certificate.SerialHex })
                    : ApiProblems.Conflict("Запрос на отзыв этого сертификата уже ждёт решения руководителя.");
            })
            .WithTags("Сертификаты")
            .RequireAuthorization(Policies.Operators)
            .WithSummary("Запрос на отзыв: процесс kep-revocation, утверждает руководитель, не подававший запрос (правило четырёх глаз).");

        api.MapPost("/certificates/{serial}/renewals", async (string serial, HttpRequest request, ClaimsPrincipal user,
                KepOffice.Core.Applications.SubmitRenewal renewals, Microsoft.Extensions.Options.IOptions<KepOffice.Core.Applications.IntakeOptions> options,
                CancellationToken ct) =>
                IntakeApi.RenewalAnswer(await IntakeApi.RenewAsync(request, options.Value, renewals, false, KepOffice.Core.Applications.ApplicationChannel.Desk,
                    null, user.ToWorkflowActor(), ct, serial)))
            .WithTags("Сертификаты")
            .RequireAuthorization(Policies.Operators)
            .DisableAntiforgery()
            .WithSummary("Продление сертификата оператором (multipart/form-data, поле csr): процесс kep-renewal, личность устанавливается лично.");

        var bulk = api.MapGroup("/certificates/bulk-revocations").WithTags("Сертификаты").RequireAuthorization(Policies.Managers);
        bulk.MapPost("/", async (KepOffice.Core.Certificates.Bulk.BulkRevocationRequest request, ClaimsPrincipal user,
                KepOffice.Core.Certificates.Bulk.BulkRevocations bulkRevocations, CancellationToken ct) =>
            {
                var result = await bulkRevocations.StartAsync(request, user.ToWorkflowActor().UserId, ct);
                return result switch
                {
                    { Errors.Count: > 0 } => ApiProblems.Validation(result.Errors.ToDictionary(e => e.Key, e => e.Value)),
                    { Conflict: { } conflict } => ApiProblems.Conflict(conflict),
                    _ => Results.Accepted($"/api/certificates/bulk-revocations/{result.Started!.Id}", BulkView(result.Started)),
                };
            })
            .WithSummary("Массовый отзыв всех действующих сертификатов выпускающего УЦ: caId, reason, comment (основание) и confirmation (идентификатор УЦ ещё раз). "
                + "Выполняется заданием Hangfire пакетами; CRL публикуется каждые N пакетов и в конце.");
        bulk.MapGet("/", async (KepOffice.Core.Certificates.Bulk.BulkRevocations bulkRevocations, CancellationToken ct) => (await bulkRevocations.ListAsync(ct)).Select(BulkView))
            .WithSummary("Последние массовые отзывы и их ход.");
        bulk.MapGet("/{id:guid}", async (Guid id, KepOffice.Core.Certificates.Bulk.BulkRevocations bulkRevocations, CancellationToken ct) =>
                await bulkRevocations.FindAsync(id, ct) is { } found ? Results.Ok(BulkView(found)) : ApiProblems.NotFound("Массовый отзыв не найден."))
            .WithSummary("Ход массового отзыва: всего, отозвано, пакетов, опубликовано CRL.");

        api.MapPost("/certificates/{serial}/hold", async (string serial, HoldRequest? request, CertificateHold hold, CancellationToken ct) =>
            {
                var comment = request?.Comment?.Trim();
                if (string.IsNullOrEmpty(comment))
                {
                    return ApiProblems.Validation("comment", "Укажите основание приостановления действия сертификата.");
                }

                if (comment.Length > CertificateHold.MaxCommentLength)
                {
                    return ApiProblems.Validation("comment", $"Основание приостановления — не длиннее {CertificateHold.MaxCommentLength} символов.");
                }

                if (ApiProblems.IsUncleanText(comment))
                {
                    return ApiProblems.Unclean("comment");
                }

                return HoldAnswer(await hold.HoldAsync(serial, comment, ct));
            })
            .WithTags("Сертификаты")
            .RequireAuthorization(Policies.Managers)
            .WithSummary("Приостановление действия сертификата (certificateHold в CRL); новый CRL публикуется сразу.");

        api.MapPost("/certificates/{serial}/unhold", async (string serial, CertificateHold hold, CancellationToken ct) =>
                HoldAnswer(await hold.ReleaseAsync(serial, ct)))
            .WithTags("Сертификаты")
            .RequireAuthorization(Policies.Managers)
            .WithSummary("Возобновление действия приостановленного сертификата; запись исчезает из нового CRL, который публикуется сразу.");

        api.MapPost("/verify", VerifyAsync)
            .WithTags("Сертификаты")
            .RequireAuthorization(Policies.Staff)
            .DisableAntiforgery()
            .WithSummary("Проверка сертификата (поле certificate) или подписи CMS (поля signature и file): цепочка, срок, отзыв, профиль.");
        return api;
    }

    private static async Task<IResult> VerifyAsync(HttpRequest request, CertificateVerification verification, CancellationToken ct)
    {
        var form = await FormFiles.ReadFormAsync(request, MaxUploadBytes, ct);
        const string noCa = "Нет действующего УЦ для проверки.";
        if (form.Files.GetFile("signature") is { } signature)
        {
            var signatureBytes = await FormFiles.ReadAsync(signature, MaxUploadBytes, ct);
            var content = form.Files.GetFile("file") is { } file ? await FormFiles.ReadAsync(file, MaxUploadBytes, ct) : null;
            return await verification.VerifySignatureAsync(signatureBytes, content, ct) is { } report
                ? Results.Ok(new { report.IsValid, report.Findings, signers = report.Signers.Count })
                : ApiProblems.Conflict(noCa);
        }

        if (form.Files.GetFile("certificate") is not { } certificate)
        {
            return ApiProblems.Validation("certificate", "Приложите сертификат (поле certificate) или подпись CMS (поля signature и file).");
        }

        if (await verification.VerifyCertificateAsync(await FormFiles.ReadAsync(certificate, MaxUploadBytes, ct), ct) is not { } result)
        {
            return ApiProblems.Conflict(noCa);
        }

        return Results.Ok(new VerificationAnswer(result.IsValid, result.RevocationStatus.ToString(), result.Certificate?.SubjectDN.ToString(),
            result.Certificate?.SerialNumber.ToString(16).ToUpperInvariant(), result.Certificate?.NotBefore, result.Certificate?.NotAfter, result.Findings));
    }

    private static object BulkView(KepOffice.Core.Certificates.Bulk.BulkRevocation b) => new
    {
        b.Id, b.CaId, reason = b.Reason.ToString(), status = b.Status.ToString(), b.Total, b.Revoked, b.Batches, b.CrlsPublished, b.LastCrlNumber,
        b.RequestedUtc, b.StartedUtc, b.FinishedUtc, b.HangfireJobId,
    };

    private static IResult HoldAnswer(RevocationResult result) => result switch
    {
        { NotFound: true } => ApiProblems.NotFound("Сертификат не найден."),
        { Error: { } error } => ApiProblems.Conflict(error),
        _ => Results.Ok(new
        {
            serial = result.Certificate!.SerialHex,
            status = result.Certificate.Status.ToString(),
            heldAt = result.Certificate.RevokedAtUtc,
            crlNumber = result.CrlNumber,
        }),
    };

    private static async Task<IResult> ExportCsv(
        string? status, string? expiringWithinDays, string? search, KepOfficeDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        if (CertificateRegisterFilter.TryParse(status, expiringWithinDays, search, out var errors) is not { } filter)
        {
            return ApiProblems.Validation(errors);
        }

        await AuditExportAsync(db, audit, "csv", status, expiringWithinDays, search, ct);

        var rows = filter.Rows(db.Set<CertificateRecord>().AsNoTracking(), time.GetUtcNow(), db.PersonalData).AsAsyncEnumerable();
        return Results.Stream(stream => CertificateRegisterExport.WriteCsvAsync(rows, stream, ct), "text/csv; charset=utf-8",
            ExportFileName(time, "csv"));
    }

    private static async Task<IResult> ExportXlsx(
        string? status, string? expiringWithinDays, string? search, KepOfficeDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        if (CertificateRegisterFilter.TryParse(status, expiringWithinDays, search, out var errors) is not { } filter)
        {
            return ApiProblems.Validation(errors);
        }

        await AuditExportAsync(db, audit, "xlsx", status, expiringWithinDays, search, ct);

        var rows = filter.Rows(db.Set<CertificateRecord>().AsNoTracking(), time.GetUtcNow(), db.PersonalData).AsAsyncEnumerable();
        return Results.Stream(async stream =>
            {
                await using var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await CertificateRegisterExport.WriteXlsxAsync(rows, file, ct);
                await file.CopyToAsync(stream, ct);
            },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ExportFileName(time, "xlsx"));
    }

    // The search text may be a holder's name or СНИЛС: the audit row says only that one was given.
    private static async Task AuditExportAsync(
        KepOfficeDbContext db, AuditLog audit, string format, string? status, string? expiringWithinDays, string? search, CancellationToken ct)
    {
        audit.Record(AuditActions.RegisterExported, AuditObjects.Register, "certificates",
            $"формат {format}; статус {(string.IsNullOrWhiteSpace(status) ? "любой" : status.Trim())}; "
            + $"истекают в течение {(string.IsNullOrWhiteSpace(expiringWithinDays) ? "—" : expiringWithinDays.Trim())} дн.; "
            + $"поиск {(string.IsNullOrWhiteSpace(search) ? "нет" : "задан")}");
        await db.SaveChangesAsync(ct);
    }

    private static string ExportFileName(TimeProvider time, string extension) =>
        $"reestr-sertifikatov-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture)}.{extension}";

    /// <summary>The process that takes operators' revocation requests to a manager's decision.</summary>
    public const string RevocationWorkflowId = "kep-revocation";

    private static bool TryParseRevocationReason(string? text, out RevocationReason reason) =>
        Enum.TryParse(text, ignoreCase: true, out reason) && Enum.IsDefined(reason)
        && reason is not (RevocationReason.CertificateHold or RevocationReason.RemoveFromCrl);

    private static IResult RevocationReasonProblem() => ApiProblems.Validation("reason",
        "Причина отзыва: KeyCompromise, AffiliationChanged, Superseded, CessationOfOperation, PrivilegeWithdrawn или Unspecified (для приостановления — POST …/hold).");

    private static Task<CertificateRecord?> FindAsync(KepOfficeDbContext db, string serial, CancellationToken ct)
    {
        var normalized = serial.ToUpperInvariant();
        return db.Set<CertificateRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.SerialHex == normalized, ct);
    }
}
