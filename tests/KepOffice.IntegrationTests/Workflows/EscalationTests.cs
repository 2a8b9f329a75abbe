using System.Net.Http.Json;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Features.Users;
using KepOffice.Core.Jobs;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Workflows;

[Collection(SharedAppsCollection.Name)]
public sealed class EscalationTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task An_overdue_task_alerts_each_manager_once(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var admin = await app.CreateAdminClientAsync();
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var users = await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users");
        var managerId = users!.Single(u => u.Login == "manager").Id;
        var mailbox = $"manager.{Guid.NewGuid():N}@example.test";
        (await admin.PutAsJsonAsync($"/api/admin/users/{managerId}", new { email = mailbox })).EnsureSuccessStatusCode();
        var id = $"esc-{Guid.NewGuid():N}"[..20];
        await ImportAsync(manager, TestDefinitions.TwoSteps(id).Replace("\"PT4H\"", "\"PT1S\"").Replace("\"dueIn\"", "\"escalationRole\": { \"type\": \"Literal\", \"value\": \"Manager\" }, \"dueIn\""));
        var number = $"ESC-{Guid.NewGuid():N}"[..16];
        await StartAsync(manager, id, number);
        await Task.Delay(TimeSpan.FromSeconds(2));

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowJobs>().EscalateOverdueTasksAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<WorkflowJobs>().EscalateOverdueTasksAsync(CancellationToken.None);
        var alerts = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<OutboxEmail>().AsNoTracking()
            .Where(e => e.Correlation == number).ToListAsync();

        // Other tests on the shared app may have added managers: each active manager gets one alert, ours among them.
        Assert.All(alerts.GroupBy(a => a.Recipient), perManager => Assert.Single(perManager));
        var alert = Assert.Single(alerts, a => a.Recipient == mailbox);
        Assert.Equal("staff-alert", alert.TemplateId);
        Assert.Contains(number, alert.TextBody);
    }
}
