using System.Security.Claims;
using System.Text.Json.Nodes;
using KepOffice.Core.Identity;
using KepOffice.Web.Hosting;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;

namespace KepOffice.Web.Api;

public sealed record StartInstanceRequest(string? DefinitionId, string? CorrelationId, JsonObject? Input, int? Version);

public static class WorkflowInstancesApi
{
    public static RouteGroupBuilder MapWorkflowInstancesApi(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/workflow-instances").WithTags("Экземпляры процессов").RequireAuthorization(Policies.Staff);
        read.MapGet("/", (string? definitionId, WorkflowStatus? status, string? correlationId, int? skip, int? take,
                WorkflowInstanceService instances, CancellationToken ct) =>
            // A number binds to the enum too: one that names no status is refused, not searched for.
            status is { } value && !Enum.IsDefined(value)
                ? Task.FromResult(ApiProblems.Validation("status", $"Статус: {string.Join(", ", Enum.GetNames<WorkflowStatus>())}."))
                : ApiProblems.IsUnclean(definitionId) || ApiProblems.IsUnclean(correlationId)
                    ? Task.FromResult(ApiProblems.Unclean(ApiProblems.IsUnclean(definitionId) ? "definitionId" : "correlationId"))
                    : ListInstancesAsync(instances, new WorkflowInstanceQuery
                {
                    DefinitionId = definitionId,
                    Status = status,
                    CorrelationId = correlationId,
                    Skip = Math.Max(0, skip ?? 0),
                    Take = Math.Clamp(take ?? 50, 1, 500),
                }, ct));
        read.MapGet("/{id:guid}", (Guid id, WorkflowInstanceService instances, CancellationToken ct) => instances.GetAsync(id, ct))
            .WithSummary("Состояние экземпляра, журнал, инциденты и ожидания.");

        var start = api.MapGroup("/workflow-instances").WithTags("Экземпляры процессов").RequireAuthorization(Policies.Operators);
        start.MapPost("/", async (StartInstanceRequest request, ClaimsPrincipal user, WorkflowInstanceService instances, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(request.DefinitionId))
                {
                    return ApiProblems.Validation("definitionId", "Укажите идентификатор процесса.");
                }

                if (ApiProblems.IsUnclean(request.DefinitionId) || ApiProblems.IsUnclean(request.CorrelationId))
                {
                    return ApiProblems.Unclean(ApiProblems.IsUnclean(request.DefinitionId) ? "definitionId" : "correlationId");
                }

                var result = await instances.StartAsync(request.DefinitionId,
                    new StartWorkflowRequest { CorrelationId = request.CorrelationId, Input = request.Input, Version = request.Version },
                    user.ToWorkflowActor(), ct);
                return result.Created ? Results.Created($"/api/workflow-instances/{result.InstanceId}", result) : Results.Ok(result);
            })
            .WithSummary("Запуск процесса; с тем же correlationId возвращается уже идущий экземпляр.");

        var manage = api.MapGroup("/workflow-instances").WithTags("Экземпляры процессов").RequireAuthorization(Policies.Managers);
        manage.MapPost("/{id:guid}/cancel", async (Guid id, ClaimsPrincipal user, WorkflowInstanceService instances, CancellationToken ct) =>
        {
            await instances.CancelAsync(id, user.ToWorkflowActor(), ct);
            return Results.NoContent();
        });
        manage.MapPost("/{id:guid}/retry", async (Guid id, ClaimsPrincipal user, WorkflowInstanceService instances, CancellationToken ct) =>
        {
            await instances.RetryIncidentAsync(id, user.ToWorkflowActor(), ct);
            return Results.NoContent();
        }).WithSummary("Повторить шаг, завершившийся инцидентом.");
        manage.MapPost("/migrations", async (WorkflowMigrationRequest request, ClaimsPrincipal user, WorkflowMigrationService migrations, CancellationToken ct) =>
                ApiProblems.IsUnclean(request.DefinitionId)
                    ? ApiProblems.Unclean("definitionId")
                    : Results.Ok(await migrations.MigrateAsync(request, user.ToWorkflowActor(), ct)))
            .WithSummary("Перенести выбранные экземпляры на опубликованную версию; результат по каждому экземпляру.");
        return api;
    }

    private static async Task<IResult> ListInstancesAsync(WorkflowInstanceService instances, WorkflowInstanceQuery query, CancellationToken ct) =>
        Results.Ok(await instances.ListAsync(query, ct));
}
