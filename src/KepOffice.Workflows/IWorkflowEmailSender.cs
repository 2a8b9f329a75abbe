using System.Text.Json.Nodes;

namespace KepOffice.Workflows;

/// <summary>
/// Implemented by the host: queues an e-mail (e.g. into its durable outbox). Called by the <c>SendEmail</c> activity
/// inside the workflow's unit of work, so an outbox row written through the same DbContext commits atomically.
/// When the host registers none, a sender that throws is used and SendEmail ends in an incident.
/// </summary>
public interface IWorkflowEmailSender
{
    /// <summary>Queues the e-mail; throw to have the activity retried.</summary>
    Task SendAsync(WorkflowEmailRequest request, CancellationToken cancellationToken);
}

/// <summary>An e-mail requested by a workflow.</summary>
/// <param name="TemplateId">Template id chosen in the designer.</param>
/// <param name="Recipient">Recipient address (evaluated expression).</param>
/// <param name="InstanceId">Instance id.</param>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="ActivityId">The SendEmail activity id (together with the instance id an idempotency key).</param>
/// <param name="CorrelationId">Correlation id, e.g. the application number.</param>
/// <param name="Variables">Snapshot of the workflow variables for the template.</param>
public sealed record WorkflowEmailRequest(
    string TemplateId,
    string Recipient,
    Guid InstanceId,
    string DefinitionId,
    string ActivityId,
    string? CorrelationId,
    JsonObject Variables);

internal sealed class MissingEmailSender : IWorkflowEmailSender
{
    public Task SendAsync(WorkflowEmailRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No IWorkflowEmailSender is registered by the host.");
}
