using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Email;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Issuance;

/// <summary>
/// SendEmail activities of the CA's workflows: builds each template's model from the application
/// (and its certificate) and puts the message into the outbox within the workflow's transaction, so
/// a message exists exactly when the step that sends it has committed.
/// </summary>
internal sealed class IssuanceEmailSender(KepOfficeDbContext db, EmailOutbox outbox, IOptions<PkiHostOptions> pki) : IWorkflowEmailSender
{
    public async Task SendAsync(WorkflowEmailRequest request, CancellationToken cancellationToken)
    {
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
}
