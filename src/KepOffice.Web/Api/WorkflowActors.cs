using System.Security.Claims;
using KepOffice.Core.Identity;
using KepOffice.Workflows;

namespace KepOffice.Web.Api;

public static class WorkflowActors
{
    public static WorkflowActor ToWorkflowActor(this ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Signed-in user without an id."),
        user.FindFirstValue("display_name") ?? user.Identity?.Name ?? "",
        Roles.All.Where(user.IsInRole).ToList());
}
