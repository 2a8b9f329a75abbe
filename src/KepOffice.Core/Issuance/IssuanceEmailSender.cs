using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Email;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Workflows;
using KepOffice.Core.Certificates.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Issuance;

/// <summary>
/// SendEmail activities of the CA's workflows: builds each template's model from the application
/// (and its certificate) and puts the message into the outbox within the workflow's transaction, so
/// a message exists exactly when the step that sends it has committed. The revocation message is
/// built from the register entry instead, since kep-revocation is correlated by the serial number.
/// </summary>
internal sealed class IssuanceEmailSender(KepOfficeDbContext db, EmailOutbox outbox, IOptions<PkiHostOptions> pki, ILogger<IssuanceEmailSender> logger)
    : IWorkflowEmailSender
{
    /// <summary>The recipient that stands for the holder's address in the register entry (kept out of the workflow state).</summary>
    public const string Holder = "holder";

    public async Task SendAsync(WorkflowEmailRequest request, CancellationToken cancellationToken)
    {
        if (request.TemplateId == EmailTemplateIds.CertificateRevoked)
        {
            await SendRevokedAsync(request, cancellationToken);
            return;
        }

        var application = await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Number == request.CorrelationId, cancellationToken)
            ?? throw new InvalidOperationException("The instance's correlation id names no application.");
        var name = application.GivenNames;
        // "applicant" keeps the address out of the workflow state: it is read from the application here.
        var recipient = request.Recipient == "applicant" ? application.Email : request.Recipient;
        var reason = (string?)request.Variables["reason"] ?? (string?)request.Variables["comment"] ?? application.DecisionReason ?? "";
        var publicUrl = pki.Value.PublicUrl.TrimEnd('/');
        object model = request.TemplateId switch
        {
            EmailTemplateIds.ApplicationReceived => new ApplicationReceivedEmail(name, application.Number, new DateTimeOffset(application.CreatedUtc, TimeSpan.Zero)),
            EmailTemplateIds.CorrectionNeeded => new CorrectionNeededEmail(name, application.Number,
                reason.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), new Uri($"{publicUrl}/")),
            EmailTemplateIds.ApplicationRejected => new ApplicationRejectedEmail(name, application.Number, reason),
            EmailTemplateIds.ReadyForIdentification => new ReadyForIdentificationEmail(name, application.Number),
            EmailTemplateIds.CertificateIssued => await IssuedAsync(application, name, publicUrl, cancellationToken),
            _ => throw new InvalidOperationException($"Template {request.TemplateId} cannot be sent for an application."),
        };
        await outbox.EnqueueAsync(new OutgoingEmail(recipient, request.TemplateId, model)
        {
            Correlation = application.Number,
            // One message per workflow step execution: a retried transaction never sends twice.
            DedupeKey = $"{request.InstanceId:N}:{request.ActivityId}:{request.TemplateId}:{application.Version}",
        }, cancellationToken);
    }

    private async Task<CertificateIssuedEmail> IssuedAsync(Application application, string name, string publicUrl, CancellationToken cancellationToken)
    {
        var certificate = await db.Set<CertificateRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == application.CertificateId, cancellationToken)
            ?? throw new InvalidOperationException("No certificate for the application yet.");
        return new CertificateIssuedEmail(name, application.Number, certificate.SerialHex,
            new DateTimeOffset(certificate.NotBeforeUtc, TimeSpan.Zero), new DateTimeOffset(certificate.NotAfterUtc, TimeSpan.Zero),
            new Uri($"{publicUrl}/certificates/{certificate.SerialHex}.cer"), new DateTimeOffset(application.UpdatedUtc, TimeSpan.Zero),
            application.KeyMode switch
            {
                KeyMode.Csr => IssuedKeyDelivery.ApplicantKey,
                KeyMode.ServerGenerated => IssuedKeyDelivery.Pkcs12HandedOver,
                _ => throw new ArgumentOutOfRangeException(nameof(application)),
            });
    }

    private async Task SendRevokedAsync(WorkflowEmailRequest request, CancellationToken cancellationToken)
    {
        var serial = ((string?)request.Variables["serial"] ?? request.CorrelationId)?.ToUpperInvariant()
            ?? throw new InvalidOperationException("The instance names no certificate.");
        var certificate = await db.Set<CertificateRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.SerialHex == serial, cancellationToken)
            ?? throw new InvalidOperationException("The certificate is not in the register.");
        if (certificate is not { Status: CertificateStatus.Revoked, RevokedAtUtc: { } revokedAt, RevocationReason: { } reason })
        {
            throw new InvalidOperationException("The certificate is not revoked: there is nothing to tell the holder.");
        }

        var recipient = request.Recipient == Holder ? certificate.Email : request.Recipient;
        if (!LifecycleMail.IsDeliverable(recipient))
        {
            logger.LogWarning("Certificate {CertificateId} was revoked; it has no usable e-mail address, so the holder is not told", certificate.Id);
            return;
        }

        var model = new CertificateRevokedEmail(LifecycleMail.GreetingName(certificate.HolderName), certificate.SerialHex,
            new DateTimeOffset(DateTime.SpecifyKind(revokedAt, DateTimeKind.Utc)), reason);
        await outbox.EnqueueAsync(new OutgoingEmail(recipient!, EmailTemplateIds.CertificateRevoked, model)
        {
            Correlation = $"certificate:{certificate.SerialHex}",
            // A certificate is revoked once, so its holder hears of it once, whatever retries or a re-run step do.
            DedupeKey = RevokedDedupeKey(certificate.Id),
        }, cancellationToken);
    }

    internal static string RevokedDedupeKey(Guid certificateId) => $"revoked:{certificateId:N}";
}
