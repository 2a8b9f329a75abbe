using System.Security.Claims;
using System.Text;
using KepOffice.Core.Identity;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;

namespace KepOffice.Web.Api;

public static class WorkflowDefinitionsApi
{
    public const long MaxDefinitionBytes = 1024 * 1024;

    public static RouteGroupBuilder MapWorkflowDefinitionsApi(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/workflow-definitions").WithTags("Процессы").RequireAuthorization(Policies.Auditors);
        read.MapGet("/", (WorkflowDefinitionService definitions, CancellationToken ct) => definitions.ListAsync(ct))
            .WithSummary("Определения процессов: последняя и опубликованная версии.");
        read.MapGet("/{id}", (string id, int? version, WorkflowDefinitionService definitions, CancellationToken ct) =>
            definitions.GetAsync(id, version, ct));
        read.MapGet("/{id}/versions", (string id, WorkflowDefinitionService definitions, CancellationToken ct) =>
            definitions.GetVersionsAsync(id, ct));
        read.MapGet("/{id}/export", async (string id, int? version, WorkflowDefinitionService definitions, CancellationToken ct) =>
            Results.Text(await definitions.ExportAsync(id, version, ct), "application/json", Encoding.UTF8));

        var write = api.MapGroup("/workflow-definitions").WithTags("Процессы").RequireAuthorization(Policies.Managers);
        write.MapPut("/{id}/draft", async (string id, HttpRequest request, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                var model = WorkflowJson.Parse(await ReadBodyAsync(request, ct));
                if (!string.Equals(model.Id, id, StringComparison.Ordinal))
                {
                    throw new WorkflowValidationException([new WorkflowValidationError(null, "id", $"Идентификатор в теле («{model.Id}») не совпадает с адресом («{id}»).")]);
                }

                return await definitions.SaveDraftAsync(model, user.ToWorkflowActor(), ct);
            })
            .Accepts<WorkflowDefinitionModel>("application/json")
            .WithSummary("Сохранить черновик (правка опубликованной версии создаёт новый черновик).");
        write.MapPost("/{id}/versions/{version:int}/publish", (string id, int version, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
            definitions.PublishAsync(id, version, user.ToWorkflowActor(), ct));
        write.MapPost("/{id}/versions/{version:int}/retract", (string id, int version, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
            definitions.RetractAsync(id, version, user.ToWorkflowActor(), ct));
        write.MapPost("/{id}/versions/{version:int}/revert", (string id, int version, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
            definitions.RevertAsync(id, version, user.ToWorkflowActor(), ct))
            .WithSummary("Создать черновик из старой версии.");
        write.MapPost("/import", async (HttpRequest request, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
                await definitions.ImportAsync(await ReadBodyAsync(request, ct), user.ToWorkflowActor(), ct))
            .Accepts<WorkflowDefinitionModel>("application/json")
            .WithSummary("Импорт JSON: изменённое определение публикуется новой версией, неизменённое ничего не меняет.");
        return api;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxDefinitionBytes)
        {
            throw new BadHttpRequestException("Definition too large", StatusCodes.Status413PayloadTooLarge);
        }

        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException("Expected Content-Type application/json", StatusCodes.Status415UnsupportedMediaType);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxDefinitionBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        if (read > MaxDefinitionBytes)
        {
            throw new BadHttpRequestException("Definition too large", StatusCodes.Status413PayloadTooLarge);
        }

        return new string(buffer, 0, read);
    }
}
