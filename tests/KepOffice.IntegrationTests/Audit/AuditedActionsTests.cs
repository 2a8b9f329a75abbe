using System.Net;
using System.Net.Http.Json;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.Core.Features.Users;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using KepOffice.IntegrationTests.Workflows;
using static KepOffice.IntegrationTests.Audit.AuditChainTests;

namespace KepOffice.IntegrationTests.Audit;

public sealed class AuditedActionsTests
{
    [Theory, BothProviders]
    public async Task User_administration_sign_ins_and_workflow_versions_are_audited_with_identifiers_only(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        var admin = await app.CreateAdminClientAsync();
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var before = (await RowsAsync(app)).Count;

        // Refused commands change nothing, the audit log included.
        var weak = await admin.PostAsJsonAsync("/api/admin/users", new { login = "petrova", displayName = "Петрова Анна", password = "short", roles = new[] { "Operator" } });
        var badRole = await admin.PostAsJsonAsync("/api/admin/users", new { login = "petrova", displayName = "Петрова Анна", password = "Operator-Pass-1", roles = new[] { "Root" } });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(before, (await RowsAsync(app)).Count);

        var created = await admin.PostAsJsonAsync("/api/admin/users",
            new { login = "petrova", displayName = "Петрова Анна", email = "petrova@example.test", password = "Operator-Pass-1", roles = new[] { "Operator" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<UserSummary>())!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}",
            new { displayName = "Петрова Анна Сергеевна", roles = new[] { "Operator", "Auditor" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}", new { isActive = false })).StatusCode);

        var wrongPassword = await app.CreateApiClient().PostAsJsonAsync("/api/auth/login", new { login = "manager", password = "Wrong-Password-1" });
        var unknownLogin = await app.CreateApiClient().PostAsJsonAsync("/api/auth/login", new { login = "Иванов Иван 1234567890", password = "Wrong-Password-1" });
        var deactivated = await app.CreateApiClient().PostAsJsonAsync("/api/auth/login", new { login = "petrova", password = "Operator-Pass-1" });
        Assert.All([wrongPassword, unknownLogin, deactivated], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));

        var definitionId = $"audit-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.OK, (await WorkflowApiClient.ImportAsync(manager, TestDefinitions.TwoSteps(definitionId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsync($"/api/workflow-definitions/{definitionId}/versions/1/retract", null)).StatusCode);

        var rows = (await RowsAsync(app)).Skip(before).Select(r => (r.Action, r.ActorName, r.ObjectId, r.Detail)).ToList();
        var adminName = "admin";
        Assert.Equal(
            [
                (AuditActions.UserCreated, adminName, user.Id, "логин petrova; роли: Operator"),
                (AuditActions.UserChanged, adminName, user.Id, "изменено: имя"),
                (AuditActions.UserRolesChanged, adminName, user.Id, "роли: Operator → Auditor, Operator"),
                (AuditActions.UserDeactivated, adminName, user.Id, null),
                (AuditActions.SignInFailed, "manager", rows[4].ObjectId, "неверный пароль"),
                (AuditActions.SignInFailed, null, null, "неизвестный логин"),
                (AuditActions.SignInFailed, "petrova", user.Id, "учётная запись отключена"),
                (AuditActions.WorkflowPublished, "manager", $"{definitionId}/v1", null),
                (AuditActions.WorkflowRetracted, "manager", $"{definitionId}/v1", null),
            ],
            rows);
        var text = string.Join("\n", (await RowsAsync(app)).Select(r => $"{r.ActorId} {r.ActorName} {r.ObjectId} {r.Detail}"));
        foreach (var personal in new[] { "Петрова", "petrova@example.test", "Иванов", "Wrong-Password-1", "Operator-Pass-1" })
        {
            Assert.DoesNotContain(personal, text);
        }

        Assert.Equal(0, (await VerifyCommandAsync(app)).ExitCode);
    }

    [Theory, BothProviders]
    public async Task A_rejected_application_is_audited_by_number_without_the_reason(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var submitted = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(await IssuanceDriver.GostCsrAsync()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var number = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("number").GetString()!;
        var instance = await IssuanceDriver.InstanceOfAsync(app, number);

        await IssuanceDriver.CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Reject", new { reason = "паспорт Иванова недействителен" });

        var rows = (await RowsAsync(app)).Where(r => r.ObjectId == number).ToList();
        Assert.Equal([AuditActions.ApplicationSubmitted, AuditActions.ApplicationRejected], rows.Select(r => r.Action));
        Assert.Equal(AuditActorKind.IntakeClient, rows[0].ActorKind);
        Assert.Equal((AuditActorKind.User, "operator"), (rows[1].ActorKind, rows[1].ActorName));
        Assert.DoesNotContain(await RowsAsync(app), r => r.Detail?.Contains("Иванов", StringComparison.Ordinal) == true);
        Assert.Equal(0, (await VerifyCommandAsync(app)).ExitCode);
    }
}
