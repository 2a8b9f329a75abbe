using KepOffice.Pki.Revocation;
using KepOffice.Workflows.Activities;

namespace KepOffice.Core.Certificates;

/// <summary>
/// Revokes the certificate named by the instance's variables and publishes a new CRL at once (kep-revocation). Runs in the
/// runtime's transaction: the register row and the workflow step commit together. Outcome Done, or AlreadyTerminated when
/// the certificate was revoked meanwhile (e.g. by a manager directly), so the process still ends cleanly.
/// </summary>
public sealed class RevokeCertificateActivity(CertificateRevocation revocation) : IActivity
{
    public const string AlreadyTerminated = "AlreadyTerminated";

    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "RevokeCertificate",
        DisplayName = "Отзыв сертификата",
        Category = "Удостоверяющий центр",
        Inputs =
        [
            new() { Name = "serial", DisplayName = "Серийный номер сертификата", UiHint = InputUiHint.Expression, Required = true },
            new() { Name = "reason", DisplayName = "Причина отзыва (RFC 5280)", UiHint = InputUiHint.Expression, Required = true },
            new() { Name = "comment", DisplayName = "Комментарий", UiHint = InputUiHint.Expression },
        ],
        Outcomes = [ActivityOutcomes.Done, AlreadyTerminated],
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var serial = context.GetInputString("serial") ?? throw new InvalidOperationException("Serial missing.");
        var reason = Enum.Parse<RevocationReason>(context.GetInputString("reason") ?? throw new InvalidOperationException("Reason missing."), ignoreCase: true);
        var result = await revocation.RevokeAsync(serial, reason, context.GetInputString("comment"), context.CancellationToken);
        return result switch
        {
            { NotFound: true } => throw new InvalidOperationException("The certificate to revoke is not in the register."),
            { Error: not null, Certificate.Status: CertificateStatus.Revoked or CertificateStatus.Expired or CertificateStatus.Superseded } =>
                ActivityResult.Complete(AlreadyTerminated),
            { Error: not null } => throw new InvalidOperationException("The revocation was refused; see the register entry."),
            _ => ActivityResult.Complete(ActivityOutcomes.Done),
        };
    }
}
