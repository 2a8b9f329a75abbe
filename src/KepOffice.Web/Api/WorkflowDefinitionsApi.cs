using System.Security.Claims;
using System.Text;
using KepOffice.Core.Identity;
using KepOffice.Web.Hosting;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Runtime;

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
        read.MapGet("/{id}/export", async (string id, int? version, bool? download, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                var json = await definitions.ExportAsync(id, version, ct);
                return download == true
                    ? Results.File(Encoding.UTF8.GetBytes(json), "application/json", version is { } v ? $"{id}.v{v}.json" : $"{id}.json")
                    : Results.Text(json, "application/json", Encoding.UTF8);
            })
            .WithSummary("JSON версии (последней, если версия не указана); с download=true — файлом.");
        read.MapGet("/{id}/diff", async (string id, int? from, int? to, WorkflowDefinitionService definitions, CancellationToken ct) =>
                from is null || to is null
                    ? ApiProblems.Validation(from is null ? "from" : "to", "Укажите обе сравниваемые версии: from и to.")
                    : Results.Ok(await definitions.DiffAsync(id, from.Value, to.Value, ct)))
            .WithSummary("Различия двух версий: действия, связи, входы, переменные.");
        read.MapGet("/{id}/migration-candidates", async (string id, int? toVersion, WorkflowMigrationService migrations, CancellationToken ct) =>
                toVersion is null
                    ? ApiProblems.Validation("toVersion", "Укажите версию назначения: toVersion.")
                    : Results.Ok(await migrations.ListCandidatesAsync(id, toVersion.Value, ct)))
            .WithSummary("Незавершённые экземпляры на других версиях и причина, по которой перенос на toVersion невозможен.");

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
        write.MapPost("/", async (CreateWorkflowDefinitionRequest request, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                var created = await definitions.CreateAsync(request.Id, request.Name, user.ToWorkflowActor(), ct);
                return Results.Created($"/api/workflow-definitions/{created.DefinitionId}", created);
            })
            .WithSummary("Новый процесс: черновик с началом и концом.");
        write.MapPost("/{id}/clone", async (string id, CloneWorkflowDefinitionRequest request, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                var created = await definitions.CloneAsync(id, request.Version, request.NewId, request.NewName, user.ToWorkflowActor(), ct);
                return Results.Created($"/api/workflow-definitions/{created.DefinitionId}", created);
            })
            .WithSummary("Копия версии под новым идентификатором и названием, черновиком.");
        write.MapDelete("/{id}", async (string id, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                await definitions.DeleteAsync(id, user.ToWorkflowActor(), ct);
                return Results.NoContent();
            })
            .WithSummary("Удалить процесс со всеми версиями; 409, если по нему есть экземпляры.");
        write.MapPost("/import", async (bool? draft, HttpRequest request, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken ct) =>
            {
                var json = await ReadBodyAsync(request, ct);
                return draft == true
                    ? Results.Ok(await definitions.ImportDraftAsync(json, user.ToWorkflowActor(), ct))
                    : Results.Ok(await definitions.ImportAsync(json, user.ToWorkflowActor(), ct));
            })
            .Accepts<WorkflowDefinitionModel>("application/json")
            .WithSummary("Импорт JSON: изменённое определение публикуется новой версией, неизменённое ничего не меняет; с draft=true сохраняется черновиком.");
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
