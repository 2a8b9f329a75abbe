using System.Security.Claims;
using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Identity;
using KepOffice.Web.Hosting;
using KepOffice.Workflows;
using Microsoft.Extensions.Options;

namespace KepOffice.Web.Api;

public sealed record CreateIntakeClientRequest(string? Name);

/// <summary>The portal's door: applications with scans, corrected scans and payment confirmation, by API key.</summary>
public static class IntakeApi
{
    private static readonly WorkflowActor Portal = new("system:intake", "Портал", []);

    public static RouteGroupBuilder MapIntakeApi(this RouteGroupBuilder api)
    {
        var intake = api.MapGroup("/intake/applications").WithTags("Приём заявлений").RequireAuthorization(Policies.IntakeClients).DisableAntiforgery()
            .RequireRateLimiting(RateLimits.IntakePolicy);
        intake.MapPost("/", SubmitAsync)
            .WithSummary("Заявление с данными заявителя и сканами (multipart/form-data). Заголовок Idempotency-Key защищает от повторов.");
        intake.MapPost("/{number}/payment", async (string number, ClaimsPrincipal client, ApplicationQueries queries, KepOffice.Workflows.Runtime.WorkflowStimulusService stimuli, CancellationToken ct) =>
            {
                if (await queries.FindOwnAsync(number, ClientId(client), ct) is null)
                {
                    return ApiProblems.NotFound("Заявление с таким номером не найдено.");
                }

                var result = await stimuli.SendAsync("payment-confirmed", number, null, ct);
                return Results.Ok(new { number, delivered = result.Resumed > 0, queued = result.StoredInInbox });
            })
            .WithSummary("Подтверждение оплаты по заявлению.");
        intake.MapPost("/{number}/documents", ResubmitScansAsync)
            .WithSummary("Исправленные сканы по заявлению, возвращённому на доработку.");

        var revocations = api.MapGroup("/intake/revocation-requests").WithTags("Приём заявлений").RequireAuthorization(Policies.IntakeClients)
            .DisableAntiforgery().RequireRateLimiting(RateLimits.IntakePolicy);
        revocations.MapGet("/statement", (string? serial, string? reason) =>
            {
                // The same serial the request itself accepts: no text to sign is made for one that can name no certificate.
                var number = serial?.Trim() ?? "";
                if (number.Length is 0 or > 40 || !number.All(Uri.IsHexDigit))
                {
                    return ApiProblems.Validation("serial", "Укажите серийный номер сертификата (serial): от 1 до 40 шестнадцатеричных цифр.");
                }

                var reasonName = reason?.Trim() ?? "";
                return RequestRevocationByHolder.Reasons.ContainsKey(reasonName)
                    ? Results.Text(RequestRevocationByHolder.Statement(number, reasonName), "text/plain; charset=utf-8")
                    : ApiProblems.Validation("reason", "Укажите причину (reason): lost-token, compromise, changed-data или other.");
            })
            .WithSummary("Текст заявления на отзыв, который владелец подписывает ключом сертификата (UTF-8, отсоединённая подпись CMS).");
        revocations.MapPost("/", async (HttpRequest http, RequestRevocationByHolder requests, CancellationToken ct) =>
            {
                // Read here rather than bound, as the login API does: routing's own 415 endpoint for a bound body would challenge the
                // intake client (authenticated by its key, not the default scheme) with a 401 instead.
                if (!http.HasJsonContentType())
                {
                    throw new BadHttpRequestException("Expected application/json", StatusCodes.Status415UnsupportedMediaType);
                }

                var request = await http.ReadFromJsonAsync<HolderRevocationRequest>(ct)
                    ?? throw new BadHttpRequestException("Empty body", StatusCodes.Status400BadRequest);
                var result = await requests.RequestAsync(request, ct);
                return result.Outcome switch
                {
                    HolderRevocationOutcome.Started => Results.Created($"/api/intake/revocation-requests/{result.InstanceId}",
                        new { instanceId = result.InstanceId, serial = request.Serial!.Trim().ToUpperInvariant(), confirmation = result.Confirmation }),
                    HolderRevocationOutcome.Invalid => ApiProblems.Validation(result.Errors.ToDictionary(e => e.Key, e => e.Value)),
                    HolderRevocationOutcome.NotConfirmed => ApiProblems.Forbidden(result.Message!),
                    HolderRevocationOutcome.Conflict => ApiProblems.Conflict(result.Message!),
                };
            })
            .WithSummary("Запрос владельца на отзыв сертификата: serial, reason (lost-token, compromise, changed-data, other), comment и подтверждение личности — "
                + "signature (Base64 отсоединённой подписи CMS ключом этого сертификата над текстом из …/statement: отзыв сразу) или snils, passportSeries, passportNumber "
                + "(совпадение с реестром, затем очная проверка оператором).");

        api.MapPost("/intake/renewals", async (HttpRequest request, ClaimsPrincipal client, SubmitRenewal renewals, IOptions<IntakeOptions> options, CancellationToken ct) =>
                RenewalAnswer(await RenewAsync(request, options.Value, renewals, true, ApplicationChannel.Portal, ClientId(client), Portal, ct)))
            .WithTags("Приём заявлений").RequireAuthorization(Policies.IntakeClients).DisableAntiforgery().RequireRateLimiting(RateLimits.IntakePolicy)
            .WithSummary("Продление по ссылке из напоминания (multipart/form-data): serial — действующий сертификат, csr — запрос на новом ключе, "
                + "signature — отсоединённая подпись CMS файла csr ключом действующего сертификата (идентификация по сертификату, без визита).");

        var admin = api.MapGroup("/admin/intake-clients").WithTags("Администрирование").RequireAuthorization(Policies.Administrators);
        admin.MapGet("/", (IntakeClients clients, CancellationToken ct) => clients.ListAsync(ct));
        admin.MapPost("/", async (CreateIntakeClientRequest request, IntakeClients clients, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
                {
                    return ApiProblems.Validation("name", "Укажите название портала (до 200 символов).");
                }

                if (!request.Name.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '.' or ',' or '(' or ')' or '«' or '»' or '"' or '№' or '&'))
                {
                    return ApiProblems.Validation("name", "Название портала: буквы, цифры, пробел и знаки - . , ( ) « » \" № &.");
                }

                var created = await clients.CreateAsync(request.Name, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", ct);
                return Results.Created($"/api/admin/intake-clients/{created.Client.Id}", created);
            })
            .WithSummary("Новый клиент приёма заявлений; ключ API показывается один раз.");
        admin.MapPost("/{id:guid}/disable", async (Guid id, IntakeClients clients, CancellationToken ct) =>
            await clients.SetActiveAsync(id, false, ct) ? Results.NoContent() : ApiProblems.NotFound("Клиент не найден."));
        return api;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, ClaimsPrincipal client, SubmitApplication submit, IOptions<IntakeOptions> options, CancellationToken ct)
    {
        var form = await ReadFormAsync(request, options.Value, ct);
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 100)
        {
            return ApiProblems.Validation("Idempotency-Key", "Ключ идемпотентности не длиннее 100 символов.");
        }

        var scans = await FormFiles.ReadScansAsync(form, options.Value.MaxScanBytes, ct);

        var csr = form.Files.GetFile("csr") is { } csrFile ? await FormFiles.ReadAsync(csrFile, 1024 * 1024, ct)
            : form["csr"].ToString() is { Length: > 0 } csrText ? System.Text.Encoding.ASCII.GetBytes(csrText) : null;
        int? validity = null;
        if (form["validityMonths"].ToString() is { Length: > 0 } validityText)
        {
            if (!int.TryParse(validityText, out var months))
            {
                return ApiProblems.Validation("validityMonths", "Срок действия: целое число месяцев.");
            }

            validity = months;
        }

        var result = await submit.SubmitAsync(new SubmitApplicationRequest
            {
                Surname = form["surname"],
                GivenName = form["givenName"],
                Patronymic = form["patronymic"],
                BirthDate = form["birthDate"],
                PassportSeries = form["passportSeries"],
                PassportNumber = form["passportNumber"],
                PassportIssuedOn = form["passportIssuedOn"],
                PassportIssuer = form["passportIssuer"],
                PassportUnitCode = form["passportUnitCode"],
                Snils = form["snils"],
                Inn = form["inn"],
                Ogrnip = form["ogrnip"],
                Email = form["email"],
                Phone = form["phone"],
                ApplicantType = form["applicantType"],
                ValidityMonths = validity,
                KeyMode = form["keyMode"],
                Csr = csr,
                Scans = scans,
            },
            ApplicationChannel.Portal, ClientId(client), idempotencyKey.Length > 0 ? idempotencyKey : null, Portal, ct);
        if (!result.Succeeded)
        {
            return ApiProblems.Validation(result.Errors.ToDictionary(e => e.Key, e => e.Value));
        }

        var body = new { number = result.Number, applicationId = result.ApplicationId };
        return result.Created ? Results.Created($"/api/intake/applications/{result.Number}", body) : Results.Ok(body);
    }

    private static async Task<IResult> ResubmitScansAsync(string number, HttpRequest request, ClaimsPrincipal client, ResubmitDocuments resubmit,
        IOptions<IntakeOptions> options, CancellationToken ct)
    {
        var form = await ReadFormAsync(request, options.Value, ct);
        var scans = await FormFiles.ReadScansAsync(form, options.Value.MaxScanBytes, ct);

        var result = await resubmit.ResubmitAsync(number, ClientId(client), scans, ct);
        return result switch
        {
            { NotFound: true } => ApiProblems.NotFound("Заявление с таким номером не найдено."),
            { Errors.Count: > 0 } => ApiProblems.Validation(result.Errors.ToDictionary(e => e.Key, e => e.Value)),
            _ => Results.Ok(new { number, accepted = result.Accepted }),
        };
    }

    private static Task<IFormCollection> ReadFormAsync(HttpRequest request, IntakeOptions options, CancellationToken ct) =>
        FormFiles.ReadFormAsync(request, options.MaxRequestBytes, ct);

    /// <summary>Reads serial, csr and (when sent) signature from the form and starts kep-renewal.</summary>
    internal static async Task<RenewalResult> RenewAsync(HttpRequest request, IntakeOptions options, SubmitRenewal renewals, bool signatureRequired,
        ApplicationChannel channel, Guid? clientId, WorkflowActor actor, CancellationToken ct, string? serial = null)
    {
        var form = await ReadFormAsync(request, options, ct);
        var csr = form.Files.GetFile("csr") is { } csrFile ? await FormFiles.ReadAsync(csrFile, 1024 * 1024, ct)
            : form["csr"].ToString() is { Length: > 0 } csrText ? System.Text.Encoding.ASCII.GetBytes(csrText) : null;
        var signature = form.Files.GetFile("signature") is { } signatureFile ? await FormFiles.ReadAsync(signatureFile, 1024 * 1024, ct) : null;
        return await renewals.RenewAsync(serial ?? form["serial"].ToString(), csr, signature, signatureRequired, channel, clientId, actor, ct);
    }

    internal static IResult RenewalAnswer(RenewalResult result) => result.Outcome switch
    {
        RenewalOutcome.Started => Results.Created($"/api/intake/applications/{result.Number}",
            new { number = result.Number, identification = result.IdentifiedByCertificate ? "QualifiedCertificate" : "InPerson" }),
        RenewalOutcome.Invalid => ApiProblems.Validation(result.Errors.ToDictionary(e => e.Key, e => e.Value)),
        RenewalOutcome.NotConfirmed => ApiProblems.Forbidden(result.Message!),
        RenewalOutcome.Conflict => ApiProblems.Conflict(result.Message!),
    };

    private static Guid ClientId(ClaimsPrincipal client) => Guid.Parse(client.FindFirstValue(ApiKeyAuthenticationHandler.ClientClaim)!);
}
