using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Core.Issuance;
using KepOffice.Workflows.Activities;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Certificates;

/// <summary>
/// kep-renewal, right after the new certificate is issued: the certificate the application renews becomes Superseded in the
/// register (so no reminder or expiry message follows for it). It is not put on the CRL: a renewal does not end the old
/// certificate's legal force (63-ФЗ art. 14), and a holder who wants it ended asks for revocation. Runs in the workflow's
/// transaction; re-running it changes nothing.
/// </summary>
public sealed class SupersedeCertificateActivity(KepOfficeDbContext db, AuditLog audit) : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "SupersedeCertificate",
        DisplayName = "Прежний сертификат заменён",
        Category = "Удостоверяющий центр",
        Description = "Отмечает в реестре, что продлеваемый сертификат заменён выпущенным по заявлению (статус «Заменён»).",
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var application = await IssuanceContext.LoadApplicationAsync(db, context);
        if (application.RenewsCertificateId is not { } renewedId || application.CertificateId is null)
        {
            throw new InvalidOperationException("SupersedeCertificate needs a renewal application whose new certificate is issued.");
        }

        var renewed = await db.Set<CertificateRecord>().FirstOrDefaultAsync(c => c.Id == renewedId, context.CancellationToken)
            ?? throw new InvalidOperationException("The renewed certificate is not in the register.");
        if (renewed.Status == CertificateStatus.Valid)
        {
            renewed.Status = CertificateStatus.Superseded;
            renewed.Version++;
            audit.Record(AuditActions.CertificateSuperseded, AuditObjects.Certificate, renewed.SerialHex, $"заменён по заявлению {application.Number}");
        }

        return ActivityResult.Complete(ActivityOutcomes.Done);
    }
}
