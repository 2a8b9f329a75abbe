using Hangfire.Dashboard;
using KepOffice.Core.Identity;

namespace KepOffice.Web.Hosting;

/// <summary>The endpoint policy already requires an administrator; this keeps Hangfire's own check in step.</summary>
internal sealed class AdministratorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Administrator);
}
