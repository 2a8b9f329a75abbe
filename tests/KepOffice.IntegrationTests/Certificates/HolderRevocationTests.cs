using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Templates;
using KepOffice.IntegrationTests.Support;
using KepOffice.Pki.Revocation;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Issuance.IssuanceDriver;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Certificates;

/// <summary>The holder's revocation request through the intake API: by a signature of the certificate's own key, or by СНИЛС and passport.</summary>
[Collection(SharedAppsCollection.Name)]
public sealed class HolderRevocationTests(SharedApps apps)
{
    private const string Route = "/api/intake/revocation-requests";

    [Theory, BothProviders]
    public async Task A_request_signed_with_the_certificate_key_revokes_at_once_and_every_bad_request_changes_nothing(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var (key, csr) = await GostKeyAndCsrAsync();
        var serial = await IssueCertificateAsync(app, csr);
        var portal = await PortalClientAsync(app);
        var certificate = await RecordAsync(app, serial);
        var statement = await portal.GetStringAsync($"{Route}/statement?serial={serial}&reason=lost-token");
        var signature = Convert.ToBase64String(await SignDetachedAsync(key, certificate.Der, System.Text.Encoding.UTF8.GetBytes(statement)));
        var otherStatement = Convert.ToBase64String(await SignDetachedAsync(key, certificate.Der, System.Text.Encoding.UTF8.GetBytes(RequestRevocationByHolder.Statement(serial, "other"))));
        const string unknownSerial = "0123456789ABCDEF0123";

        var withoutKey = await app.CreateApiClient().PostAsJsonAsync(Route, new { serial, reason = "lost-token", signature });
        var noSerial = await portal.PostAsJsonAsync(Route, new { reason = "lost-token", signature });
        var badSerial = await portal.PostAsJsonAsync(Route, new { serial = "XYZ", reason = "lost-token", signature });
        var badReason = await portal.PostAsJsonAsync(Route, new { serial, reason = "KeyCompromise", signature });
        var noIdentity = await portal.PostAsJsonAsync(Route, new { serial, reason = "lost-token" });
        var both = await portal.PostAsJsonAsync(Route, new { serial, reason = "lost-token", signature, snils = Snils, passportSeries = "4510", passportNumber = "123456" });
        var notBase64 = await portal.PostAsJsonAsync(Route, new { serial, reason = "lost-token", signature = "это не подпись" });
        var longComment = await portal.PostAsJsonAsync(Route, new { serial, reason = "lost-token", signature, comment = new string('а', 501) });
        var notCms = await portal.PostAsJsonAsync(Route, new { serial, reason = "lost-token", signature = Convert.ToBase64String("не CMS"u8.ToArray()) });
        var otherReasonSigned = await portal.PostAsJsonAsync(Route, new { serial, reason = "lost-token", signature = otherStatement });
        var unknown = await portal.PostAsJsonAsync(Route, new { serial = unknownSerial, reason = "lost-token", signature });
        var untouched = await RecordAsync(app, serial);
        var instancesBefore = await InstancesAsync(app, serial);

        var accepted = await portal.PostAsJsonAsync(Route, new { serial = serial.ToLowerInvariant(), reason = "lost-token", signature, comment = "токен утерян в поездке" });
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var revoked = await RecordAsync(app, serial);
        var again = await portal.PostAsJsonAsync(Route, new { serial, reason = "lost-token", signature });
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var instance = await InstanceAsync(manager, body.GetProperty("instanceId").GetGuid());
        var emails = await EmailsAsync(app, serial);

        Assert.Equal(statement, RequestRevocationByHolder.Statement(serial, "lost-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        await AssertFieldAsync(noSerial, "serial");
        await AssertFieldAsync(badSerial, "serial");
        await AssertFieldAsync(badReason, "reason");
        await AssertFieldAsync(noIdentity, "signature");
        await AssertFieldAsync(both, "signature");
        await AssertFieldAsync(notBase64, "signature");
        await AssertFieldAsync(longComment, "comment");
        Assert.Equal(HttpStatusCode.Forbidden, notCms.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherReasonSigned.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        // An unknown serial and a wrong signature read alike: the answer tells nothing about the register.
        var unknownText = await unknown.Content.ReadAsStringAsync();
        Assert.Equal(Detail(await otherReasonSigned.Content.ReadAsStringAsync()), Detail(unknownText));
        Assert.DoesNotContain(unknownSerial, unknownText);
        Assert.Equal(CertificateStatus.Valid, untouched.Status);
        Assert.Empty(instancesBefore);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(RequestRevocationByHolder.BySignature, body.GetProperty("confirmation").GetString());
        Assert.Equal(CertificateStatus.Revoked, revoked.Status);
        Assert.Equal(RevocationReason.KeyCompromise, revoked.RevocationReason);
        Assert.Equal("токен утерян в поездке", revoked.RevocationComment);
        Assert.Equal("Finished", instance.GetProperty("summary").GetProperty("status").GetString());
        Assert.DoesNotContain(instance.GetProperty("journal").EnumerateArray(), j => j.GetProperty("activityId").GetString() == "approve");
        Assert.Single(emails, e => e.TemplateId == EmailTemplateIds.CertificateRevoked);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory, BothProviders]
    public async Task A_request_with_matching_snils_and_passport_waits_for_an_operator_to_confirm_the_holder(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var serial = await IssueCertificateAsync(app);
        var portal = await PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);

        var badSnils = await portal.PostAsJsonAsync(Route, new { serial, reason = "changed-data", snils = "112-233-445 96", passportSeries = "4510", passportNumber = "123456" });
        var shortPassport = await portal.PostAsJsonAsync(Route, new { serial, reason = "changed-data", snils = Snils, passportSeries = "4510", passportNumber = "123" });
        var noSeries = await portal.PostAsJsonAsync(Route, new { serial, reason = "changed-data", snils = Snils, passportNumber = "123456" });
        var wrongPassport = await portal.PostAsJsonAsync(Route, new { serial, reason = "changed-data", snils = Snils, passportSeries = "4510", passportNumber = "654321" });
        var wrongSnils = await portal.PostAsJsonAsync(Route, new { serial, reason = "changed-data", snils = "08765430300", passportSeries = "4510", passportNumber = "123456" });
        var afterMismatch = await RecordAsync(app, serial);
        var instancesAfterMismatch = await InstancesAsync(app, serial);

        var accepted = await portal.PostAsJsonAsync(Route, new { serial, reason = "changed-data", snils = "112-233-445 95", passportSeries = "45 10", passportNumber = "123456" });
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var instanceId = body.GetProperty("instanceId").GetGuid();
        var twice = await portal.PostAsJsonAsync(Route, new { serial, reason = "changed-data", snils = Snils, passportSeries = "4510", passportNumber = "123456" });
        var waiting = await RecordAsync(app, serial);
        var task = Assert.Single(await OpenTasksAsync(operatorClient, instanceId));
        var confirmed = await CompleteAsync(operatorClient, task.GetProperty("id").GetGuid(), "Confirmed", new { decisionNote = "паспорт предъявлен лично" });
        var revoked = await RecordAsync(app, serial);
        var instanceJson = await operatorClient.GetStringAsync($"/api/workflow-instances/{instanceId}");

        await AssertFieldAsync(badSnils, "snils");
        await AssertFieldAsync(shortPassport, "passportNumber");
        await AssertFieldAsync(noSeries, "passportSeries");
        Assert.Equal(HttpStatusCode.Forbidden, wrongPassport.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongSnils.StatusCode);
        Assert.Equal(CertificateStatus.Valid, afterMismatch.Status);
        Assert.Empty(instancesAfterMismatch);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(RequestRevocationByHolder.ByDocuments, body.GetProperty("confirmation").GetString());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(CertificateStatus.Valid, waiting.Status);
        Assert.Equal("confirm-holder", task.GetProperty("activityId").GetString());
        Assert.Equal("Operator", task.GetProperty("role").GetString());
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(CertificateStatus.Revoked, revoked.Status);
        Assert.Equal(RevocationReason.AffiliationChanged, revoked.RevocationReason);
        Assert.DoesNotContain(Snils, instanceJson);
        Assert.DoesNotContain("123456", instanceJson);
        Assert.DoesNotContain("4510", instanceJson);
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {response.StatusCode} {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), text);
        Assert.Matches("[А-Яа-я]", messages[0].GetString()!);
    }

    private static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;

    private static async Task<CertificateRecord> RecordAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.SerialHex == serial);
    }

    private static async Task<List<Core.Email.Outbox.OutboxEmail>> EmailsAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var correlation = $"certificate:{serial}";
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<Core.Email.Outbox.OutboxEmail>().AsNoTracking()
            .Where(e => e.Correlation == correlation).ToListAsync();
    }

    private static async Task<IReadOnlyList<WorkflowInstanceSummary>> InstancesAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<WorkflowInstanceService>()
            .ListAsync(new WorkflowInstanceQuery { DefinitionId = RequestRevocationByHolder.WorkflowId, CorrelationId = serial })).Items;
    }
}
