using System.Globalization;
using System.Net.Mail;
using System.Text.Json.Nodes;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Pki.Csr;
using KepOffice.Pki.Identifiers;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Applications;

public sealed record UploadedScan(DocumentKind Kind, string FileName, byte[] Content);

/// <summary>An application as the portal or the desk submits it. Dates are ISO (yyyy-MM-dd).</summary>
public sealed record SubmitApplicationRequest
{
    public string? Surname { get; init; }
    public string? GivenName { get; init; }
    public string? Patronymic { get; init; }
    public string? BirthDate { get; init; }
    public string? PassportSeries { get; init; }
    public string? PassportNumber { get; init; }
    public string? PassportIssuedOn { get; init; }
    public string? PassportIssuer { get; init; }
    public string? PassportUnitCode { get; init; }
    public string? Snils { get; init; }
    public string? Inn { get; init; }
    public string? Ogrnip { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? ApplicantType { get; init; }
    public int? ValidityMonths { get; init; }
    public string? KeyMode { get; init; }
    public byte[]? Csr { get; init; }
    public IReadOnlyList<UploadedScan> Scans { get; init; } = [];
}

public sealed record SubmitApplicationResult(string Number, Guid ApplicationId, bool Created, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static SubmitApplicationResult Invalid(Dictionary<string, string[]> errors) => new("", Guid.Empty, false, errors);
}

/// <summary>
/// Checks an application field by field (checksums, formats, scans by content, the CSR against the
/// applicant), stores it with its scans and starts the issuance workflow. A retried request with the
/// same idempotency key returns the first application and changes nothing.
/// </summary>
public sealed class SubmitApplication(
    KepOfficeDbContext db,
    WorkflowInstanceService workflows,
    Audit.AuditLog audit,
    IOptions<IntakeOptions> options,
    TimeProvider timeProvider)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly WorkflowActor Recovery = new("system:recovery", "Подхват заявлений без процесса", []);

    public async Task<SubmitApplicationResult> SubmitAsync(
        SubmitApplicationRequest request, ApplicationChannel channel, Guid? intakeClientId, string? idempotencyKey, WorkflowActor actor,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && await FindByIdempotencyKeyAsync(intakeClientId, idempotencyKey, cancellationToken) is { } existing)
        {
            return await ExistingAsync(existing, actor, cancellationToken);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var application = Validate(request, errors);
        var csr = await ValidateCsrAsync(request, application, errors, cancellationToken);
        var documents = ValidateScans(request.Scans, errors);
        if (errors.Count > 0)
        {
            return SubmitApplicationResult.Invalid(errors);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        application.Id = Guid.NewGuid();
        application.Channel = channel;
        application.IntakeClientId = intakeClientId;
        application.IdempotencyKey = idempotencyKey;
        application.CsrDer = csr?.Der;
        application.Status = ApplicationStatus.Received;
        application.CreatedUtc = now;
        application.UpdatedUtc = now;
        foreach (var document in documents)
        {
            document.ApplicationId = application.Id;
            document.UploadedUtc = now;
        }

        application.Documents = documents;
        for (var attempt = 1; ; attempt++)
        {
            application.Number = await NextNumberAsync(now, cancellationToken);
            db.Set<Application>().Add(application);
            audit.Record(Audit.AuditActions.ApplicationSubmitted, Audit.AuditObjects.Application, application.Number, $"канал {channel}");
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException ex) when (attempt < 5 && DbErrors.IsUniqueViolation(ex))
            {
                db.ChangeTracker.Clear();
                if (idempotencyKey is not null && await FindByIdempotencyKeyAsync(intakeClientId, idempotencyKey, cancellationToken) is { } raced)
                {
                    return await ExistingAsync(raced, actor, cancellationToken);
                }
            }
        }

        await StartWorkflowAsync(application, actor, cancellationToken);
        return new SubmitApplicationResult(application.Number, application.Id, true, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// The application is saved first and its issuance process started after that, in a second transaction: a node that
    /// stops between the two leaves an application without a process, which no operator would ever see. The portal's retry
    /// with the same idempotency key comes here and starts (or, when one was started but not yet linked, links) the process.
    /// </summary>
    private async Task<SubmitApplicationResult> ExistingAsync(Application existing, WorkflowActor actor, CancellationToken cancellationToken)
    {
        if (existing.WorkflowInstanceId is null)
        {
            await StartWorkflowAsync(existing, actor, cancellationToken);
        }

        return new SubmitApplicationResult(existing.Number, existing.Id, false, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// The safety net for a portal that does not retry: applications saved more than <paramref name="olderThan"/> ago that
    /// still have no process get it now (run by the workflow-recovery job). Returns how many were started or linked.
    /// </summary>
    public async Task<int> StartMissingWorkflowsAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var before = timeProvider.GetUtcNow().UtcDateTime - olderThan;
        var orphans = await db.Set<Application>().AsNoTracking()
            .Where(a => a.WorkflowInstanceId == null && a.CreatedUtc < before)
            .OrderBy(a => a.CreatedUtc)
            .Take(100)
            .ToListAsync(cancellationToken);
        foreach (var application in orphans)
        {
            await StartWorkflowAsync(application, Recovery, cancellationToken);
        }

        return orphans.Count;
    }

    /// <summary>
    /// Starts the application's issuance process and links it to the application. The process is a singleton per application
    /// number: if one is running already, that one is linked; if one ran to its end before the link was written, it is found
    /// by the number and linked, never started a second time.
    /// </summary>
    private async Task StartWorkflowAsync(Application application, WorkflowActor actor, CancellationToken cancellationToken)
    {
        var workflowId = options.Value.IssuanceWorkflowId;
        var earlier = await workflows.ListAsync(new WorkflowInstanceQuery { DefinitionId = workflowId, CorrelationId = application.Number, Take = 1 }, cancellationToken);
        var instanceId = earlier.Items.Count > 0
            ? earlier.Items[0].Id
            : (await workflows.StartAsync(workflowId, new StartWorkflowRequest
            {
                CorrelationId = application.Number,
                Input = new JsonObject
                {
                    ["applicationNumber"] = application.Number,
                    ["keyMode"] = application.KeyMode.ToString(),
                    ["channel"] = application.Channel.ToString(),
                },
            }, actor, cancellationToken)).InstanceId;
        await db.Set<Application>().Where(a => a.Id == application.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.WorkflowInstanceId, instanceId), cancellationToken);
    }

    private Task<Application?> FindByIdempotencyKeyAsync(Guid? clientId, string key, CancellationToken cancellationToken) =>
        db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.IntakeClientId == clientId && a.IdempotencyKey == key, cancellationToken);

    /// <summary>
    /// Year + sequence within the year, taken from a counter row that one atomic UPDATE … RETURNING advances, so parallel
    /// submissions on any number of nodes never draw the same number (a failed submission leaves a gap, as a sequence does).
    /// The row of a new year starts after the highest number already stored.
    /// </summary>
    internal async Task<string> NextNumberAsync(DateTime now, CancellationToken cancellationToken)
    {
        var prefix = now.ToString("yyyy", Invariant) + "-";
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO application_number_counters ("Year", "Last")
            SELECT {0}, COALESCE(MAX(CAST(SUBSTR("Number", 6) AS INTEGER)), 0) FROM applications WHERE "Number" LIKE {1}
            ON CONFLICT ("Year") DO NOTHING
            """,
            [now.Year, prefix + "%"], cancellationToken);
        var next = (await db.Database.SqlQueryRaw<int>(
            """UPDATE application_number_counters SET "Last" = "Last" + 1 WHERE "Year" = {0} RETURNING "Last" AS "Value" """,
            now.Year).ToListAsync(cancellationToken)).Single();
        return prefix + next.ToString("D6", Invariant);
    }

    private Application Validate(SubmitApplicationRequest r, Dictionary<string, string[]> errors)
    {
        var a = new Application();
        a.Surname = RequiredName(r.Surname, "surname", "Фамилия", errors);
        a.GivenName = RequiredName(r.GivenName, "givenName", "Имя", errors);
        a.Patronymic = string.IsNullOrWhiteSpace(r.Patronymic) ? null : RequiredName(r.Patronymic, "patronymic", "Отчество", errors);
        a.BirthDate = RequiredDate(r.BirthDate, "birthDate", "Дата рождения", errors);
        if (a.BirthDate != default && a.BirthDate > DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime).AddYears(-14))
        {
            Add(errors, "birthDate", "Дата рождения: заявителю должно быть не меньше 14 лет.");
        }

        var passport = RussianIdentifiers.CheckPassport($"{r.PassportSeries}{r.PassportNumber}");
        if (passport.IsValid)
        {
            a.PassportSeries = passport.Value![..4];
            a.PassportNumber = passport.Value[4..];
        }
        else
        {
            Add(errors, "passportNumber", passport.Error!);
        }

        a.PassportIssuedOn = RequiredDate(r.PassportIssuedOn, "passportIssuedOn", "Дата выдачи паспорта", errors);
        if (a.PassportIssuedOn != default && a.BirthDate != default && a.PassportIssuedOn < a.BirthDate.AddYears(14))
        {
            Add(errors, "passportIssuedOn", "Дата выдачи паспорта: паспорт выдаётся не раньше 14 лет.");
        }

        a.PassportIssuer = RequiredText(r.PassportIssuer, "passportIssuer", "Кем выдан паспорт", 300, errors);
        var unit = RussianIdentifiers.CheckPassportUnitCode(r.PassportUnitCode);
        a.PassportUnitCode = unit.IsValid ? unit.Value! : Fail(errors, "passportUnitCode", unit.Error!);
        var snils = RussianIdentifiers.CheckSnils(r.Snils);
        a.Snils = snils.IsValid ? snils.Value! : Fail(errors, "snils", snils.Error!);
        var inn = RussianIdentifiers.CheckPersonInn(r.Inn);
        a.Inn = inn.IsValid ? inn.Value! : Fail(errors, "inn", inn.Error!);
        a.Email = RequiredText(r.Email, "email", "Электронная почта", 254, errors);
        if (a.Email.Length > 0 && !MailAddress.TryCreate(a.Email, out _))
        {
            Add(errors, "email", "Электронная почта: адрес записан неверно.");
        }

        a.Phone = string.IsNullOrWhiteSpace(r.Phone) ? null : r.Phone.Trim();
        if (a.Phone is not null && (a.Phone.Length > 32 || a.Phone.Count(char.IsDigit) < 10))
        {
            Add(errors, "phone", "Телефон: укажите номер с кодом, например +7 900 000-00-00.");
        }

        switch (r.ApplicantType?.Trim())
        {
            case null or "" or "natural":
                a.ApplicantType = ApplicantType.NaturalPerson;
                break;
            case "entrepreneur":
                a.ApplicantType = ApplicantType.IndividualEntrepreneur;
                var ogrnip = RussianIdentifiers.CheckOgrnip(r.Ogrnip);
                a.Ogrnip = ogrnip.IsValid ? ogrnip.Value : Fail(errors, "ogrnip", ogrnip.Error!);
                break;
            default:
                Add(errors, "applicantType", "Тип заявителя: natural (физическое лицо) или entrepreneur (индивидуальный предприниматель).");
                break;
        }

        a.ValidityMonths = r.ValidityMonths ?? options.Value.AllowedValidityMonths.Max();
        if (!options.Value.AllowedValidityMonths.Contains(a.ValidityMonths))
        {
            Add(errors, "validityMonths", $"Срок действия: допустимо {string.Join(" или ", options.Value.AllowedValidityMonths)} мес.");
        }

        switch (r.KeyMode?.Trim())
        {
            case null or "" or "csr":
                a.KeyMode = KeyMode.Csr;
                if (r.Csr is null || r.Csr.Length == 0)
                {
                    Add(errors, "csr", "Приложите запрос на сертификат (PKCS#10) или выберите ключ, создаваемый в УЦ (keyMode=server).");
                }

                break;
            case "server":
                // The key is generated at the hand-over, under the PIN the applicant types at the desk; no PIN is taken here.
                a.KeyMode = KeyMode.ServerGenerated;
                if (r.Csr is { Length: > 0 })
                {
                    Add(errors, "csr", "Запрос на сертификат не нужен, когда ключ создаётся в УЦ (keyMode=server): уберите файл или выберите keyMode=csr.");
                }

                break;
            default:
                Add(errors, "keyMode", "Способ создания ключа: csr (запрос с токена заявителя) или server (ключ создаётся в УЦ).");
                break;
        }

        return a;
    }

    internal async Task<ValidatedCsr?> ValidateCsrAsync(SubmitApplicationRequest r, Application a, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (a.KeyMode != KeyMode.Csr || r.Csr is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            var csr = new CsrValidator(new CsrPolicy()).Validate(r.Csr,
                new ExpectedApplicant(a.Surname, a.GivenNames, string.IsNullOrEmpty(a.Snils) ? null : a.Snils, string.IsNullOrEmpty(a.Inn) ? null : a.Inn));
            if (await db.Set<CertificateRecord>().AnyAsync(c => c.PublicKeyFingerprint == csr.PublicKeyFingerprint, cancellationToken))
            {
                Add(errors, "csr", "Запрос на сертификат: на этот ключ уже выдан сертификат. Создайте новый ключ.");
                return null;
            }

            return csr;
        }
        catch (CsrRejectedException ex)
        {
            foreach (var error in ex.Errors)
            {
                Add(errors, "csr", $"Запрос на сертификат: {error.Field}: {error.Message}");
            }

            return null;
        }
    }

    private List<ApplicationDocument> ValidateScans(IReadOnlyList<UploadedScan> scans, Dictionary<string, string[]> errors)
    {
        var result = new List<ApplicationDocument>();
        if (scans.Count > options.Value.MaxScans)
        {
            Add(errors, "scans", $"Слишком много файлов: не больше {options.Value.MaxScans}.");
            return result;
        }

        foreach (var required in new[] { DocumentKind.PassportMain, DocumentKind.PassportRegistration, DocumentKind.Snils })
        {
            if (scans.All(s => s.Kind != required))
            {
                Add(errors, FieldOf(required), $"Приложите скан: {DocumentTitles.Of(required)}.");
            }
        }

        foreach (var scan in scans)
        {
            if (ScanFiles.ToDocument(scan, options.Value.MaxScanBytes, default, out var error) is { } document)
            {
                result.Add(document);
            }
            else
            {
                Add(errors, FieldOf(scan.Kind), error!);
            }
        }

        return result;
    }

    public static string FieldOf(DocumentKind kind) => kind switch
    {
        DocumentKind.PassportMain => "passportMainScan",
        DocumentKind.PassportRegistration => "passportRegistrationScan",
        DocumentKind.Snils => "snilsScan",
        DocumentKind.Other => "otherScan",
        DocumentKind.SignedAct => "signedAct",
    };

    private static string RequiredName(string? value, string field, string title, Dictionary<string, string[]> errors)
    {
        var text = RequiredText(value, field, title, 100, errors);
        if (text.Length > 0 && !text.All(c => char.IsLetter(c) || c is '-' or ' ' or '\''))
        {
            Add(errors, field, $"{title}: допустимы только буквы, дефис, пробел и апостроф.");
        }

        return text;
    }

    private static string RequiredText(string? value, string field, string title, int max, Dictionary<string, string[]> errors)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            Add(errors, field, $"{title}: обязательное поле.");
        }
        else if (text.Length > max)
        {
            Add(errors, field, $"{title}: не длиннее {max} символов.");
        }
        else if (text.Any(char.IsControl))
        {
            Add(errors, field, $"{title}: недопустимые управляющие символы.");
        }

        return text;
    }

    private static DateOnly RequiredDate(string? value, string field, string title, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date) && date.Year >= 1900)
        {
            return date;
        }

        Add(errors, field, $"{title}: укажите дату в формате ГГГГ-ММ-ДД.");
        return default;
    }

    private static string Fail(Dictionary<string, string[]> errors, string field, string message)
    {
        Add(errors, field, message);
        return "";
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}

public static class DocumentTitles
{
    public static string Of(DocumentKind kind) => kind switch
    {
        DocumentKind.PassportMain => "паспорт, разворот с фотографией",
        DocumentKind.PassportRegistration => "паспорт, страница с регистрацией",
        DocumentKind.Snils => "СНИЛС",
        DocumentKind.Other => "другой документ",
        DocumentKind.SignedAct => "подписанный акт",
    };
}
