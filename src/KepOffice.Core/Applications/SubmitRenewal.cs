using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Applications;

public enum RenewalOutcome
{
    Started,
    Invalid,

    /// <summary>The signature does not prove the holder, or the serial names no certificate: one answer for both.</summary>
    NotConfirmed,

    /// <summary>The certificate cannot be renewed (no longer valid, no data on file, a renewal already open).</summary>
    Conflict,
}

public sealed record RenewalResult(RenewalOutcome Outcome, IReadOnlyDictionary<string, string[]> Errors, string? Message, string? Number, bool IdentifiedByCertificate);

/// <summary>
/// A renewal: a new application for the holder of a certificate, with the data of the application that certificate was issued
/// on, and a new CSR; run by kep-renewal. From the portal (the reminder's link) the request carries a detached CMS signature
/// over the CSR made with the current certificate's key: that is identification by a valid qualified certificate
/// (IdentificationKind 1), so no visit is needed. Started by an operator, the holder is identified in person.
/// The current certificate stays valid until the new one is issued (SupersedeCertificate then marks it superseded).
/// </summary>
public sealed class SubmitRenewal(
    KepOfficeDbContext db,
    SubmitApplication applications,
    CertificateVerification verification,
    WorkflowInstanceService workflows,
    Audit.AuditLog audit,
    TimeProvider timeProvider)
{
    /// <summary>The process that renews certificates.</summary>
    public const string WorkflowId = "kep-renewal";

    private const int MaxSignatureBytes = 64 * 1024;

    /// <param name="signature">Detached CMS over <paramref name="csr"/> made with the current key; null when an operator starts the renewal.</param>
    public async Task<RenewalResult> RenewAsync(string? serial, byte[]? csr, byte[]? signature, bool signatureRequired, ApplicationChannel channel,
        Guid? intakeClientId, WorkflowActor actor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var normalized = serial?.Trim().ToUpperInvariant() ?? "";
        if (normalized.Length is 0 or > 40 || !normalized.All(Uri.IsHexDigit))
        {
            errors["serial"] = ["Серийный номер действующего сертификата: от 1 до 40 шестнадцатеричных цифр."];
        }

        if (csr is not { Length: > 0 })
        {
            errors["csr"] = ["Приложите запрос на новый сертификат (PKCS#10), созданный на новом ключе."];
        }

        if (signatureRequired && signature is not { Length: > 0 })
        {
            errors["signature"] = ["Приложите отсоединённую подпись CMS запроса на сертификат (файл csr), сделанную ключом действующего сертификата."];
        }
        else if (signature is { Length: > MaxSignatureBytes })
        {
            errors["signature"] = ["Подпись CMS — не больше 64 КБ."];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var current = await db.Set<CertificateRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.SerialHex == normalized, cancellationToken);
        if (signature is not null && (current is null || !await SignedByAsync(current, signature, csr!, cancellationToken)))
        {
            return new RenewalResult(RenewalOutcome.NotConfirmed, new Dictionary<string, string[]>(),
                "Подпись не подтверждает владельца действующего сертификата: проверьте серийный номер и подпишите файл запроса ключом этого сертификата.", null, false);
        }

        if (current is null)
        {
            return new RenewalResult(RenewalOutcome.Conflict, new Dictionary<string, string[]>(), "Сертификат не найден в реестре.", null, false);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (current.Status != CertificateStatus.Valid || current.NotAfterUtc < now)
        {
            return new RenewalResult(RenewalOutcome.Conflict, new Dictionary<string, string[]>(),
                "Сертификат уже не действует: продлить его нельзя, подайте новое заявление.", null, false);
        }

        var source = current.ApplicationId is { } sourceId
            ? await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == sourceId, cancellationToken)
            : null;
        if (source is null)
        {
            return new RenewalResult(RenewalOutcome.Conflict, new Dictionary<string, string[]>(),
                "Для этого сертификата нет заявления с данными владельца: подайте новое заявление.", null, false);
        }

        if (await db.Set<Application>().AnyAsync(a => a.RenewsCertificateId == current.Id
                && a.Status != ApplicationStatus.Completed && a.Status != ApplicationStatus.Rejected, cancellationToken))
        {
            return new RenewalResult(RenewalOutcome.Conflict, new Dictionary<string, string[]>(), "Заявление на продление этого сертификата уже подано.", null, false);
        }

        var application = new Application
        {
            Id = Guid.NewGuid(),
            Channel = channel,
            IntakeClientId = intakeClientId,
            ApplicantType = source.ApplicantType,
            Surname = source.Surname,
            GivenName = source.GivenName,
            Patronymic = source.Patronymic,
            BirthDate = source.BirthDate,
            PassportSeries = source.PassportSeries,
            PassportNumber = source.PassportNumber,
            PassportIssuedOn = source.PassportIssuedOn,
            PassportIssuer = source.PassportIssuer,
            PassportUnitCode = source.PassportUnitCode,
            Snils = source.Snils,
            Inn = source.Inn,
            Ogrnip = source.Ogrnip,
            Email = current.Email ?? source.Email,
            Phone = source.Phone,
            ValidityMonths = source.ValidityMonths,
            KeyMode = KeyMode.Csr,
            RenewsCertificateId = current.Id,
            Status = ApplicationStatus.Received,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        var validated = await applications.ValidateCsrAsync(new SubmitApplicationRequest { Csr = csr }, application, errors, cancellationToken);
        if (validated is null)
        {
            errors.TryAdd("csr", ["Запрос на сертификат не принят."]);
            return Invalid(errors);
        }

        application.CsrDer = validated.Der;
        var identifiedByCertificate = signature is not null;
        for (var attempt = 1; ; attempt++)
        {
            application.Number = await applications.NextNumberAsync(now, cancellationToken);
            db.Set<Application>().Add(application);
            audit.Record(Audit.AuditActions.ApplicationSubmitted, Audit.AuditObjects.Application, application.Number,
                $"продление сертификата {current.SerialHex}, канал {channel}, идентификация {(identifiedByCertificate ? "действующим сертификатом" : "лично")}");
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException ex) when (attempt < 5 && DbErrors.IsUniqueViolation(ex))
            {
                db.ChangeTracker.Clear();
            }
        }

        var started = await workflows.StartAsync(WorkflowId, new StartWorkflowRequest
        {
            CorrelationId = application.Number,
            Input = new JsonObject
            {
                ["applicationNumber"] = application.Number,
                ["keyMode"] = application.KeyMode.ToString(),
                ["channel"] = channel.ToString(),
                ["renewsSerial"] = current.SerialHex,
                ["method"] = identifiedByCertificate ? "QualifiedCertificate" : null,
            },
        }, actor, cancellationToken);
        await db.Set<Application>().Where(a => a.Id == application.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.WorkflowInstanceId, started.InstanceId), cancellationToken);
        return new RenewalResult(RenewalOutcome.Started, new Dictionary<string, string[]>(), null, application.Number, identifiedByCertificate);
    }

    private async Task<bool> SignedByAsync(CertificateRecord current, byte[] signature, byte[] csr, CancellationToken cancellationToken)
    {
        // Identification by a qualified certificate needs it valid now: the chain, the period and the CRL must all hold.
        var report = await verification.VerifySignatureAsync(signature, csr, cancellationToken);
        return report is not null && report.Signers.Count == 1
            && report.Signers[0] is { SignatureValid: true, Certificate: { } signer, CertificateReport.IsValid: true }
            && CryptographicOperations.FixedTimeEquals(signer.GetEncoded(), current.Der);
    }

    private static RenewalResult Invalid(Dictionary<string, string[]> errors) => new(RenewalOutcome.Invalid, errors, null, null, false);
}
