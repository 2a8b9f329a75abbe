using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Issuance.IssuanceDriver;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Certificates;

/// <summary>kep-revocation: a request by one member of staff, the decision by a manager who did not make it.</summary>
[Collection(SharedAppsCollection.Name)]
public sealed class RevocationWorkflowTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task A_manager_cannot_approve_their_own_request_another_manager_revokes_and_the_CRL_lists_it(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var serial = await IssueCertificateAsync(app);
        var requester = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var secondManager = await SecondManagerAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);

        var badReason = await requester.PostAsJsonAsync($"/api/certificates/{serial}/revocation-requests", new { reason = "Lost" });
        var unknown = await requester.PostAsJsonAsync("/api/certificates/ABCDEF0123/revocation-requests", new { reason = "KeyCompromise" });
        var requested = await requester.PostAsJsonAsync($"/api/certificates/{serial}/revocation-requests", new { reason = "KeyCompromise", comment = "утерян токен" });
        var twice = await requester.PostAsJsonAsync($"/api/certificates/{serial}/revocation-requests", new { reason = "KeyCompromise" });
        var instance = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetGuid();
        var task = Assert.Single(await OpenTasksAsync(secondManager, instance));
        var taskId = task.GetProperty("id").GetGuid();

        var byRequester = await CompleteAsync(requester, taskId, "Approve");
        var byOperator = await CompleteAsync(operatorClient, taskId, "Approve");
        var stillValid = await RecordAsync(app, serial);
        var approved = await CompleteAsync(secondManager, taskId, "Approve", new { decisionNote = "подтверждено звонком" });
        var revoked = await RecordAsync(app, serial);
        var crl = await OpenSslCrlAsync(app, revoked.CaId);
        var details = await InstanceAsync(secondManager, instance);

        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("Manager", task.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byRequester.StatusCode);
        Assert.Contains("четырёх глаз", await byRequester.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(CertificateStatus.Valid, stillValid.Status);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        Assert.Equal(CertificateStatus.Revoked, revoked.Status);
        Assert.Equal("утерян токен", revoked.RevocationComment);
        Assert.Contains(serial, crl.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant());
        Assert.Contains("Key Compromise", crl);
        Assert.Equal("Finished", details.GetProperty("summary").GetProperty("status").GetString());
    }

    [Theory, BothProviders]
    public async Task A_declined_request_leaves_the_certificate_valid_and_a_revoked_one_cannot_be_requested(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var serial = await IssueCertificateAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);

        var requested = await operatorClient.PostAsJsonAsync($"/api/certificates/{serial}/revocation-requests", new { reason = "AffiliationChanged" });
        var instance = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetGuid();
        var task = Assert.Single(await OpenTasksAsync(manager, instance));
        var declined = await CompleteAsync(manager, task.GetProperty("id").GetGuid(), "Decline");
        var afterDecline = await RecordAsync(app, serial);
        (await manager.PostAsJsonAsync($"/api/certificates/{serial}/revoke", new { reason = "Superseded" })).EnsureSuccessStatusCode();
        var afterRevocation = await operatorClient.PostAsJsonAsync($"/api/certificates/{serial}/revocation-requests", new { reason = "KeyCompromise" });

        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        Assert.True(declined.IsSuccessStatusCode, await declined.Content.ReadAsStringAsync());
        Assert.Equal(CertificateStatus.Valid, afterDecline.Status);
        Assert.Equal(HttpStatusCode.Conflict, afterRevocation.StatusCode);
    }

    private static async Task<HttpClient> SecondManagerAsync(KepOfficeApp app)
    {
        var admin = await app.CreateAdminClientAsync();
        var login = "manager2-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Second-Manager-2026";
        var created = await admin.PostAsJsonAsync("/api/admin/users",
            new { login, displayName = "Руководитель Второй", email = login + "@example.test", password, roles = new[] { "Manager" } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return await app.CreateClientForAsync(login, password);
    }

    private static async Task<CertificateRecord> RecordAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.SerialHex == serial);
    }

    private static async Task<string> OpenSslCrlAsync(KepOfficeApp app, string caId)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("kepoffice-revocation-").FullName, "ca.crl");
        await File.WriteAllBytesAsync(file, await app.CreateApiClient().GetByteArrayAsync($"/cdp/{caId}.crl"));
        var text = await OpenSsl.RunAsync("crl", "-inform", "DER", "-in", file, "-noout", "-text");
        Assert.True(text.ExitCode == 0, text.Output);
        return text.Output;
    }
}
