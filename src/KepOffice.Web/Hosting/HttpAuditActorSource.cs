using System.Security.Claims;
using KepOffice.Core.Audit;

namespace KepOffice.Web.Hosting;

/// <summary>The audit actor of a request: the signed-in staff member or intake client, from the client's address.</summary>
internal sealed class HttpAuditActorSource(IHttpContextAccessor accessor) : IAuditActorSource
{
    public AuditActor Current
    {
        get
        {
            if (accessor.HttpContext is not { } http)
            {
                return AuditActor.System;
            }

            var origin = http.Connection.RemoteIpAddress?.ToString();
            var user = http.User;
            if (user.FindFirstValue(ApiKeyAuthenticationHandler.ClientClaim) is { } clientId)
            {
                return new AuditActor(AuditActorKind.IntakeClient, clientId, user.Identity?.Name, origin);
            }

            return user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
                ? new AuditActor(AuditActorKind.User, userId, user.Identity?.Name, origin)
                : new AuditActor(AuditActorKind.Anonymous, "-", null, origin);
        }
    }
}
