using System.Text.Json.Nodes;
using KepOffice.Core.Identity;
using KepOffice.Web.Hosting;
using KepOffice.Workflows.Runtime;

namespace KepOffice.Web.Api;

public sealed record SendStimulusRequest(string? Name, string? CorrelationId, JsonObject? Payload);

public static class StimuliApi
{
    public static RouteGroupBuilder MapStimuliApi(this RouteGroupBuilder api)
    {
        api.MapPost("/stimuli", async (SendStimulusRequest request, WorkflowStimulusService stimuli, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (string.IsNullOrWhiteSpace(request.Name))
                {
                    errors["name"] = ["Укажите имя сигнала, например payment-confirmed."];
                }
                else if (request.Name.Length > 100 || !request.Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                {
                    errors["name"] = ["Имя сигнала: латинские строчные буквы, цифры и дефис, до 100 символов (например payment-confirmed)."];
                }

                if (string.IsNullOrWhiteSpace(request.CorrelationId))
                {
                    errors["correlationId"] = ["Укажите номер заявления (correlationId)."];
                }
                else if (request.CorrelationId.Length > 200 || !request.CorrelationId.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/'))
                {
                    errors["correlationId"] = ["Номер заявления (correlationId): буквы, цифры, дефис, подчёркивание, точка, двоеточие или косая черта, до 200 символов."];
                }

                return errors.Count > 0
                    ? ApiProblems.Validation(errors)
                    : Results.Ok(await stimuli.SendAsync(request.Name!, request.CorrelationId!, request.Payload, ct));
            })
            .WithTags("Сигналы")
            .RequireAuthorization(Policies.Operators)
            .WithSummary("Сигнал процессу (например, payment-confirmed); пришедший раньше ожидания хранится во входящей очереди.");
        return api;
    }
}
