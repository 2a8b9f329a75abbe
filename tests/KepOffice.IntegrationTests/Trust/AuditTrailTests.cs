using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Certificates;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using KepOffice.IntegrationTests.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Audit.AuditChainTests;

namespace KepOffice.IntegrationTests.Trust;

/// <summary>
/// Actions that were not audited before: task claims, returns, reassignments and completions, scans opened, acts
/// downloaded, intake clients created and disabled, certificates expired by the job, workflow drafts saved. Each row says
/// who, what, when and from where, with identifiers only.
/// </summary>
public sealed class AuditTrailTests
{
    [Theory, BothProviders]
    public async Task Tasks_documents_acts_intake_clients_expiry_and_drafts_are_audited_with_who_what_when_and_where(DatabaseProvider provider)
    {
        // Real Kestrel: the client's address (the "from where") is a real loopback address, not the test server's blank.
        using var app = new KepOfficeApp(provider).OnKestrel();
        var started = DateTime.UtcNow.AddSeconds(-1);

        var operatorId = await UserIdAsync(app, "operator");
        var managerId = await UserIdAsync(app, "manager");
        var adminId = await UserIdAsync(app, "admin");
        var admin = await app.CreateAdminClientAsync();
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var clientId = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/intake-clients")).EnumerateArray().Single().GetProperty("id").GetGuid();

        var submitted = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(await IssuanceDriver.GostCsrAsync()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await IssuanceDriver.InstanceOfAsync(app, number);
        var task = Assert.Single(await WorkflowApiClient.OpenTasksAsync(operatorClient, instance)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsync($"/api/tasks/{task}/unclaim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/tasks/{task}/reassign", new { assigneeId = operatorId })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode);
        var document = await FirstDocumentAsync(app, number);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync($"/api/applications/{number}/documents/{document}")).StatusCode);
        Assert.True((await WorkflowApiClient.CompleteAsync(operatorClient, task, "Approve")).IsSuccessStatusCode);

        // Refusals leave no row: a second claim of a completed task, a scan that does not exist.
        var beforeRefusals = (await RowsAsync(app)).Count;
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync($"/api/applications/{number}/documents/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(beforeRefusals, (await RowsAsync(app)).Count);

        var serial = await IssuanceDriver.IssueCertificateAsync(app);
        var issuedNumber = await ApplicationOfAsync(app, serial);
        var act = await operatorClient.GetAsync($"/api/applications/{issuedNumber}/act");
        Assert.Equal("application/pdf", act.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/intake-clients/{clientId}/disable", null)).StatusCode);

        var draftId = $"audit-draft-{Guid.NewGuid():N}"[..24];
        var draft = await manager.PutAsync($"/api/workflow-definitions/{draftId}/draft",
            new StringContent(TestDefinitions.TwoSteps(draftId), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsync($"/api/workflow-definitions/{draftId}/versions/1/publish", null)).StatusCode);

        var expiring = await TestCertificates.AddAsync(app.Services, DateTimeOffset.UtcNow.AddMinutes(-1), email: null);
        Assert.Equal(1, (await TestCertificates.RunExpiryAsync(app.Services)).Expired);
        var finished = DateTime.UtcNow.AddSeconds(1);

        var rows = (await RowsAsync(app)).Where(r => r.OccurredUtc >= started).ToList();

        AuditEvent Row(string action, string objectId) =>
            rows.SingleOrDefault(r => r.Action == action && r.ObjectId == objectId)
            ?? throw new Xunit.Sdk.XunitException($"no {action} row for {objectId}; rows:\n{string.Join("\n", rows.Select(r => $"{r.Action} {r.ObjectId} {r.ActorName} {r.Detail}"))}");

        var taskRows = rows.Where(r => r.ObjectType == AuditObjects.Task && r.ObjectId == task.ToString()).ToList();
        Assert.Equal(
            [AuditActions.TaskClaimed, AuditActions.TaskUnclaimed, AuditActions.TaskReassigned, AuditActions.TaskClaimed, AuditActions.TaskCompleted],
            taskRows.Select(r => r.Action));
        Assert.Equal([operatorId, operatorId, managerId, operatorId, operatorId], taskRows.Select(r => r.ActorId));
        Assert.Equal(["operator", "operator", "manager", "operator", "operator"], taskRows.Select(r => r.ActorName));
        Assert.All(taskRows, r => Assert.Contains($"процесс kep-issuance, шаг check-documents, объект {number}", r.Detail));
        Assert.EndsWith("решение Approve", taskRows[^1].Detail);
        Assert.EndsWith($"назначена пользователю {operatorId}", taskRows[2].Detail);

        var viewed = Row(AuditActions.DocumentViewed, document.ToString());
        Assert.Equal((AuditActorKind.User, operatorId), (viewed.ActorKind, viewed.ActorId));
        Assert.StartsWith($"заявление {number}, ", viewed.Detail);

        var downloaded = Row(AuditActions.ActDownloaded, issuedNumber);
        Assert.Equal((operatorId, $"сертификат {serial}"), (downloaded.ActorId, downloaded.Detail));

        var created = Row(AuditActions.IntakeClientCreated, clientId.ToString());
        var disabled = Row(AuditActions.IntakeClientDisabled, clientId.ToString());
        Assert.Equal((adminId, adminId), (created.ActorId, disabled.ActorId));
        Assert.StartsWith("префикс ключа ", created.Detail);

        var saved = Row(AuditActions.WorkflowDraftSaved, $"{draftId}/v1");
        var published = Row(AuditActions.WorkflowPublished, $"{draftId}/v1");
        Assert.Equal((managerId, "manager", managerId), (saved.ActorId, saved.ActorName, published.ActorId));

        var expired = Row(AuditActions.CertificateExpired, expiring.SerialHex);
        Assert.Equal((AuditActorKind.System, "system", null), (expired.ActorKind, expired.ActorId, expired.Origin));

        // Who, what and when on every row; from where on each one made through HTTP.
        var httpRows = taskRows.Concat([viewed, downloaded, created, disabled, saved, published]).ToList();
        Assert.All(httpRows, r => Assert.True(System.Net.IPAddress.TryParse(r.Origin, out var address) && System.Net.IPAddress.IsLoopback(address), $"{r.Action}: origin {r.Origin}"));
        Assert.All(httpRows.Append(expired), r => Assert.InRange(r.OccurredUtc, started, finished));

        // Identifiers only: nothing of the applicant's personal data or the task's title (a portal is named as the actor, by design).
        var text = string.Join("\n", rows.Select(r => $"{r.ActorId} {r.ActorName} {r.ObjectId} {r.Detail}"));
        foreach (var personal in new[] { "Иванов", "Петров", IssuanceDriver.Snils, IssuanceDriver.Inn, "ivanov@example.test", "Проверка документов" })
        {
            Assert.DoesNotContain(personal, text);
        }

        Assert.Equal(0, (await VerifyCommandAsync(app)).ExitCode);
    }

    private static async Task<Guid> FirstDocumentAsync(KepOfficeApp app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Number == number);
        return await db.Set<ApplicationDocument>().AsNoTracking().Where(d => d.ApplicationId == application.Id).Select(d => d.Id).FirstAsync();
    }

    private static async Task<string> ApplicationOfAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking()
            .SingleAsync(c => c.SerialHex == serial)).ApplicationNumber!;
    }

    private static async Task<string> UserIdAsync(KepOfficeApp app, string login)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == login)).Id;
    }
}
