using System.Security.Claims;
using System.Text.Json.Nodes;
using KepOffice.Core.Identity;
using KepOffice.Core.Issuance;
using KepOffice.Web.Hosting;
using KepOffice.Workflows;
using KepOffice.Workflows.Tasks;

namespace KepOffice.Web.Api;

public sealed record CompleteTaskRequest(string? Outcome, JsonObject? Data);

public sealed record ReassignTaskRequest(string? AssigneeId);

public sealed record KeyHandoverRequest(string? Pin, string? PinRepeat);

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Задачи").RequireAuthorization(Policies.Operators);
        tasks.MapGet("/", (string? filter, string? search, bool? overdue, bool? includeClosed, int? skip, int? take,
                ClaimsPrincipal user, HumanTaskService service, CancellationToken ct) =>
            {
                var scope = filter switch
                {
                    null or "" or "all" => HumanTaskScope.All,
                    "mine" => HumanTaskScope.AssignedToMe,
                    "roles" or "unassigned" => HumanTaskScope.UnassignedInMyRoles,
                    "overdue" => HumanTaskScope.All,
                    _ => (HumanTaskScope?)null,
                };
                if (scope is null)
                {
                    return Task.FromResult(ApiProblems.Validation("filter", "Фильтр задач: mine, roles, overdue или all."));
                }

                if (ApiProblems.IsUnclean(search))
                {
                    return Task.FromResult(ApiProblems.Unclean("search"));
                }

                return ListAsync(service, user, new HumanTaskQuery
                {
                    Scope = scope.Value,
                    OverdueOnly = overdue == true || filter == "overdue",
                    Search = search,
                    IncludeClosed = includeClosed == true,
                    Skip = Math.Max(0, skip ?? 0),
                    Take = Math.Clamp(take ?? 50, 1, 500),
                }, ct);
            })
            .WithSummary("Задачи: mine — мои, roles — свободные задачи моих ролей, overdue — просроченные.");
        tasks.MapGet("/{id:guid}", (Guid id, HumanTaskService service, CancellationToken ct) => service.GetAsync(id, ct));
        tasks.MapPost("/{id:guid}/claim", (Guid id, ClaimsPrincipal user, HumanTaskService service, CancellationToken ct) =>
            service.ClaimAsync(id, user.ToWorkflowActor(), ct));
        tasks.MapPost("/{id:guid}/unclaim", (Guid id, ClaimsPrincipal user, HumanTaskService service, CancellationToken ct) =>
            service.UnclaimAsync(id, user.ToWorkflowActor(), ct));
        tasks.MapPost("/{id:guid}/reassign", async (Guid id, ReassignTaskRequest request, ClaimsPrincipal user, HumanTaskService service,
                Microsoft.AspNetCore.Identity.UserManager<KepOfficeUser> users, CancellationToken ct) =>
            {
                // A task is handed only to an active member of staff who exists; null hands it back to its role.
                if (request.AssigneeId is { } assignee && !string.IsNullOrWhiteSpace(assignee)
                    && (assignee.Length > 64 || ApiProblems.IsUnclean(assignee) || await users.FindByIdAsync(assignee) is not { IsActive: true }))
                {
                    return ApiProblems.Validation("assigneeId", "Сотрудник, которому назначается задача, не найден или отключён.");
                }

                return Results.Ok(await service.ReassignAsync(id, request.AssigneeId, user.ToWorkflowActor(), ct));
            })
            .RequireAuthorization(Policies.Managers);
        tasks.MapPost("/{id:guid}/complete", async (Guid id, CompleteTaskRequest request, ClaimsPrincipal user, HumanTaskService service, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(request.Outcome))
                {
                    return ApiProblems.Validation("outcome", "Укажите исход задачи.");
                }

                return Results.Ok(await service.CompleteAsync(id, new CompleteHumanTaskRequest(request.Outcome, request.Data), user.ToWorkflowActor(), ct));
            })
            .WithSummary("Завершить задачу с исходом; данные формы становятся переменными процесса. Повторное завершение — 409.");
        tasks.MapPost("/{id:guid}/key-handover", async (Guid id, KeyHandoverRequest request, HttpContext http, ClaimsPrincipal user,
                ServerKeyHandover handover, CancellationToken ct) =>
            {
                var result = await handover.HandOverAsync(id, request.Pin, request.PinRepeat, user.ToWorkflowActor(), ct);
                if (!result.Succeeded)
                {
                    return ApiProblems.Validation(result.Errors.ToDictionary(e => e.Key, e => e.Value));
                }

                // The only copy of the private key: no cache may keep it.
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(result.Pkcs12, "application/x-pkcs12", result.FileName);
            })
            .WithSummary("Выдача ключа, созданного в УЦ: PIN-код дважды → сертификат выпускается, PKCS#12 под этим PIN-кодом отдаётся один раз "
                + "и нигде не хранится; задача выдачи завершается. Повторная выдача — 409.");
        return api;
    }

    private static async Task<IResult> ListAsync(HumanTaskService service, ClaimsPrincipal user, HumanTaskQuery query, CancellationToken ct) =>
        Results.Ok(await service.ListAsync(query, user.ToWorkflowActor(), ct));
}
