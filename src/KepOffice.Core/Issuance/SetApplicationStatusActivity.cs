using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Workflows.Activities;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Issuance;

/// <summary>Moves the application (correlated by its number) to a status the operators and the portal see.</summary>
public sealed class SetApplicationStatusActivity(KepOfficeDbContext db, AuditLog audit) : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "SetApplicationStatus",
        DisplayName = "Статус заявления",
        Category = "Удостоверяющий центр",
        Inputs =
        [
            new()
            {
                Name = "status", DisplayName = "Новый статус", UiHint = InputUiHint.Dropdown, Required = true, LiteralOnly = true,
                Options = Enum.GetNames<ApplicationStatus>(),
            },
            new() { Name = "reason", DisplayName = "Причина (для исправления или отказа)", UiHint = InputUiHint.Expression },
        ],
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var status = Enum.Parse<ApplicationStatus>(context.GetInputString("status")!);
        var application = await IssuanceContext.LoadApplicationAsync(db, context);
        application.Status = status;
        if (context.GetInputString("reason") is { Length: > 0 } reason)
        {
            application.DecisionReason = reason.Length > 2000 ? reason[..2000] : reason;
        }

        if (status == ApplicationStatus.AwaitingIdentification)
        {
            application.PaymentConfirmed = true;
        }

        application.UpdatedUtc = context.Now.UtcDateTime;
        application.Version++;
        if (status == ApplicationStatus.Rejected)
        {
            // The reason is free text about the applicant: it stays on the application, not in the audit log.
            audit.Record(AuditActions.ApplicationRejected, AuditObjects.Application, application.Number);
        }

        return ActivityResult.Complete(ActivityOutcomes.Done);
    }
}

internal static class IssuanceContext
{
    public static async Task<Application> LoadApplicationAsync(KepOfficeDbContext db, ActivityExecutionContext context) =>
        await db.Set<Application>().FirstOrDefaultAsync(a => a.Number == context.CorrelationId, context.CancellationToken)
        ?? throw new InvalidOperationException("The instance's correlation id names no application.");
}
