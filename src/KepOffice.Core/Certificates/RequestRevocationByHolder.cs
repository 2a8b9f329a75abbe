using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Pki.Identifiers;
using KepOffice.Pki.Revocation;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Certificates;

/// <summary>A holder's request to revoke their certificate, as the portal sends it.</summary>
public sealed record HolderRevocationRequest
{
    public string? Serial { get; init; }

    /// <summary>lost-token, compromise, changed-data or other.</summary>
    public string? Reason { get; init; }

    public string? Comment { get; init; }

    /// <summary>Base64 of a detached CMS signature over <see cref="RequestRevocationByHolder.Statement"/>, made with the certificate's own key.</summary>
    public string? Signature { get; init; }

    public string? Snils { get; init; }

    public string? PassportSeries { get; init; }

    public string? PassportNumber { get; init; }
}

public enum HolderRevocationOutcome
{
    Started,
    Invalid,

    /// <summary>The identity was not confirmed, or the serial names no certificate: deliberately one answer for both.</summary>
    NotConfirmed,

    /// <summary>Identity confirmed, but the certificate is no longer in force or a request is already open.</summary>
    Conflict,
}

public sealed record HolderRevocationResult(HolderRevocationOutcome Outcome, IReadOnlyDictionary<string, string[]> Errors, string? Message, Guid? InstanceId,
    string? Confirmation)
{
    public static HolderRevocationResult Invalid(Dictionary<string, string[]> errors) => new(HolderRevocationOutcome.Invalid, errors, null, null, null);
}

/// <summary>
/// The holder asks for revocation through the intake API and proves who they are in one of two ways:
/// <list type="bullet">
/// <item>a CMS signature made with the certificate's own key over <see cref="Statement"/> (the key is still held):
/// the certificate is revoked by kep-revocation at once, without a second person, since only its holder can sign so;</item>
/// <item>the СНИЛС and passport of the register entry (the token is lost): kep-revocation first gives an operator the task of
/// confirming the holder's identity in person, then revokes.</item>
/// </list>
/// A mismatch, an invalid signature and an unknown serial all get the same answer, so the endpoint tells nothing about the register.
/// Neither the СНИЛС nor the passport reaches the workflow state, the journal, the audit log or the logs.
/// </summary>
public sealed class RequestRevocationByHolder(
    KepOfficeDbContext db,
    CertificateVerification verification,
    WorkflowInstanceService workflows,
    AuditLog audit)
{
    /// <summary>The process that carries out revocations.</summary>
    public const string WorkflowId = "kep-revocation";

    public const string BySignature = "holder-signature";
    public const string ByDocuments = "holder-documents";

    private const int MaxSignatureBytes = 64 * 1024;

    private static readonly WorkflowActor Portal = new("system:intake", "Портал", []);

    public static readonly IReadOnlyDictionary<string, RevocationReason> Reasons = new Dictionary<string, RevocationReason>(StringComparer.OrdinalIgnoreCase)
    {
        ["lost-token"] = RevocationReason.KeyCompromise,
        ["compromise"] = RevocationReason.KeyCompromise,
        ["changed-data"] = RevocationReason.AffiliationChanged,
        ["other"] = RevocationReason.CessationOfOperation,
    };

    /// <summary>The text the holder signs (UTF-8, no trailing newline): it names the certificate and the reason, so a signature cannot be reused for another.</summary>
    public static string Statement(string serial, string reason) =>
        $"Прошу отозвать мой квалифицированный сертификат № {serial.ToUpperInvariant()}. Причина: {reason.ToLowerInvariant()}.";

    public async Task<HolderRevocationResult> RequestAsync(HolderRevocationRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var serial = request.Serial?.Trim().ToUpperInvariant() ?? "";
        if (serial.Length is 0 or > 40 || !serial.All(Uri.IsHexDigit))
        {
            Fail("serial", "Серийный номер сертификата: от 1 до 40 шестнадцатеричных цифр.");
        }

        var reasonName = request.Reason?.Trim() ?? "";
        if (!Reasons.TryGetValue(reasonName, out var reason))
        {
            Fail("reason", "Причина отзыва: lost-token (утерян ключевой носитель), compromise (ключ мог стать известен другим), changed-data (изменились сведения в сертификате) или other.");
        }

        var comment = request.Comment?.Trim();
        if (comment is { Length: > 500 })
        {
            Fail("comment", "Комментарий — не длиннее 500 символов.");
        }
        else if (comment is not null && comment.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')))
        {
            // The comment goes into the workflow's input, a JSON document PostgreSQL refuses with a NUL in it.
            Fail("comment", "Комментарий содержит управляющие символы.");
        }

        byte[]? signature = null;
        var hasSignature = !string.IsNullOrWhiteSpace(request.Signature);
        var hasDocuments = !string.IsNullOrWhiteSpace(request.Snils) || !string.IsNullOrWhiteSpace(request.PassportSeries) || !string.IsNullOrWhiteSpace(request.PassportNumber);
        string? snils = null, passport = null;
        if (hasSignature && hasDocuments)
        {
            Fail("signature", "Подтвердите личность одним способом: подписью (signature) или СНИЛС и паспортом (snils, passportSeries, passportNumber).");
        }
        else if (hasSignature)
        {
            try
            {
                signature = Convert.FromBase64String(request.Signature!.Trim());
            }
            catch (FormatException)
            {
                Fail("signature", "Подпись передаётся в Base64 (отсоединённая подпись CMS).");
            }

            if (signature is { Length: 0 or > MaxSignatureBytes })
            {
                Fail("signature", "Подпись CMS — от 1 байта до 64 КБ.");
            }
        }
        else if (hasDocuments)
        {
            var snilsCheck = RussianIdentifiers.CheckSnils(request.Snils);
            if (snilsCheck.IsValid)
            {
                snils = snilsCheck.Value;
            }
            else
            {
                Fail("snils", snilsCheck.Error!);
            }

            var passportCheck = RussianIdentifiers.CheckPassport($"{request.PassportSeries}{request.PassportNumber}");
            if (passportCheck.IsValid)
            {
                passport = passportCheck.Value;
            }
            else
            {
                Fail(string.IsNullOrWhiteSpace(request.PassportSeries) ? "passportSeries" : "passportNumber", passportCheck.Error!);
            }
        }
        else
        {
            Fail("signature", "Подтвердите личность владельца: подписью этого сертификата (signature) или СНИЛС и паспортом (snils, passportSeries, passportNumber).");
        }

        if (errors.Count > 0)
        {
            return HolderRevocationResult.Invalid(errors);
        }

        var certificate = await db.Set<CertificateRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.SerialHex == serial, cancellationToken);
        var confirmed = certificate is not null && (signature is not null
            ? await SignedByCertificateAsync(certificate, signature, Statement(serial, reasonName), cancellationToken)
            : await DocumentsMatchAsync(certificate, snils!, passport!, cancellationToken));
        if (!confirmed)
        {
            audit.Record(AuditActions.RevocationRequestRefused, AuditObjects.Certificate, serial,
                $"запрос владельца на отзыв: личность не подтверждена ({(signature is not null ? "подпись" : "СНИЛС и паспорт")})");
            await db.SaveChangesAsync(cancellationToken);
            return new HolderRevocationResult(HolderRevocationOutcome.NotConfirmed, new Dictionary<string, string[]>(),
                "Личность владельца сертификата не подтверждена: проверьте серийный номер и данные (или подпись) и повторите.", null, null);
        }

        if (certificate!.Status is not (CertificateStatus.Valid or CertificateStatus.Suspended))
        {
            return new HolderRevocationResult(HolderRevocationOutcome.Conflict, new Dictionary<string, string[]>(),
                "Сертификат уже не действует: отзывать нечего.", null, null);
        }

        var confirmation = signature is not null ? BySignature : ByDocuments;
        var started = await workflows.StartAsync(WorkflowId, new StartWorkflowRequest
        {
            CorrelationId = certificate.SerialHex,
            Input = new JsonObject
            {
                ["serial"] = certificate.SerialHex,
                ["reason"] = reason.ToString(),
                ["comment"] = comment,
                ["requestedBy"] = Portal.UserId,
                ["origin"] = confirmation,
            },
        }, Portal, cancellationToken);
        if (!started.Created)
        {
            return new HolderRevocationResult(HolderRevocationOutcome.Conflict, new Dictionary<string, string[]>(),
                "Запрос на отзыв этого сертификата уже принят и исполняется.", null, null);
        }

        audit.Record(AuditActions.RevocationRequested, AuditObjects.Certificate, certificate.SerialHex,
            $"запрос владельца на отзыв, причина {reason}, личность подтверждена: {(signature is not null ? "подписью сертификата" : "СНИЛС и паспорт, нужна очная проверка")}");
        await db.SaveChangesAsync(cancellationToken);
        return new HolderRevocationResult(HolderRevocationOutcome.Started, new Dictionary<string, string[]>(), null, started.InstanceId, confirmation);
    }

    private async Task<bool> SignedByCertificateAsync(CertificateRecord certificate, byte[] signature, string statement, CancellationToken cancellationToken)
    {
        var report = await verification.VerifySignatureAsync(signature, Encoding.UTF8.GetBytes(statement), cancellationToken);

        // The signer must be this very certificate (same DER as the register entry) and its signature over the statement valid. A
        // valid certificate's chain must also hold; one on hold, revoked or expired still proves its holder (the DER is ours), who then
        // hears that it is no longer in force, or gets it revoked for good when it is on hold.
        return report is not null && report.Signers.Count == 1 && report.Signers[0] is { SignatureValid: true, Certificate: { } signer, CertificateReport: { } chain }
            && CryptographicOperations.FixedTimeEquals(signer.GetEncoded(), certificate.Der)
            && (chain.IsValid || certificate.Status != CertificateStatus.Valid);
    }

    private async Task<bool> DocumentsMatchAsync(CertificateRecord certificate, string snils, string passport, CancellationToken cancellationToken)
    {
        if (certificate.ApplicationId is not { } applicationId || certificate.Snils is null)
        {
            return false;
        }

        var application = await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        return application is not null
            && FixedEquals(certificate.Snils, snils)
            && FixedEquals(application.PassportSeries + application.PassportNumber, passport);
    }

    private static bool FixedEquals(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
