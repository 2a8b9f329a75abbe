using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using KepOffice.Pki.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Certificates;

[Collection(SharedAppsCollection.Name)]
public sealed class CertificateHoldApiTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Hold_lists_the_serial_as_certificate_hold_and_unhold_removes_it_from_the_next_crl(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider, new Dictionary<string, string?> { ["KepOffice:Pki:AllowHold"] = "true" });
        var serial = await IssuanceDriver.IssueCertificateAsync(app);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var crlBefore = await CrlNumberAsync(app);

        // Refusals first: none of them may change the record or issue a CRL.
        var byOperator = await operatorClient.PostAsJsonAsync($"/api/certificates/{serial}/hold", new { comment = "заявление владельца" });
        var noReason = await manager.PostAsJsonAsync($"/api/certificates/{serial}/hold", new { comment = "  " });
        var tooLong = await manager.PostAsJsonAsync($"/api/certificates/{serial}/hold", new { comment = new string('я', 501) });
        var unknown = await manager.PostAsJsonAsync("/api/certificates/ABCDEF0123/hold", new { comment = "заявление владельца" });
        var unholdValid = await manager.PostAsync($"/api/certificates/{serial}/unhold", null);
        var holdAsRevocation = await manager.PostAsJsonAsync($"/api/certificates/{serial}/revoke", new { reason = "CertificateHold" });
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Contains("основание", await FieldErrorAsync(noReason, "comment"));
        Assert.Contains("500", await FieldErrorAsync(tooLong, "comment"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Действие сертификата не приостановлено.", await DetailAsync(unholdValid, HttpStatusCode.Conflict));
        Assert.Contains("POST …/hold", await FieldErrorAsync(holdAsRevocation, "reason"));
        Assert.Equal(CertificateStatus.Valid, (await RecordAsync(app, serial)).Status);
        Assert.Equal(crlBefore, await CrlNumberAsync(app));

        // Hold: the CRL published at once lists the serial with reason certificateHold.
        var held = await manager.PostAsJsonAsync($"/api/certificates/{serial}/hold", new { comment = "заявление владельца" });
        var heldBody = await held.Content.ReadFromJsonAsync<JsonElement>();
        var heldCrl = await OpensslCrlTextAsync(app, serial);
        var heldRecord = await RecordAsync(app, serial);
        var verifyHeld = await VerifyAsync(operatorClient, heldRecord.Der);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal("Suspended", heldBody.GetProperty("status").GetString());
        Assert.Equal(crlBefore + 1, heldBody.GetProperty("crlNumber").GetInt64());
        Assert.Equal(CertificateStatus.Suspended, heldRecord.Status);
        Assert.Equal(RevocationReason.CertificateHold, heldRecord.RevocationReason);
        Assert.Contains(serial, heldCrl.Serials);
        Assert.Contains("Certificate Hold", heldCrl.Text);
        Assert.Equal("Suspended", verifyHeld.GetProperty("revocationStatus").GetString());
        Assert.False(verifyHeld.GetProperty("isValid").GetBoolean());

        // A second hold is refused and changes nothing.
        var twice = await manager.PostAsJsonAsync($"/api/certificates/{serial}/hold", new { comment = "ещё раз" });
        Assert.Equal("Действие сертификата уже приостановлено.", await DetailAsync(twice, HttpStatusCode.Conflict));
        Assert.Equal("заявление владельца", (await RecordAsync(app, serial)).RevocationComment);
        Assert.Equal(crlBefore + 1, await CrlNumberAsync(app));

        // Unhold: the next full CRL no longer lists the serial; the certificate is valid again.
        var resumed = await manager.PostAsync($"/api/certificates/{serial}/unhold", null);
        var resumedCrl = await OpensslCrlTextAsync(app, serial);
        var resumedRecord = await RecordAsync(app, serial);
        var verifyResumed = await VerifyAsync(operatorClient, resumedRecord.Der);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(CertificateStatus.Valid, resumedRecord.Status);
        Assert.Null(resumedRecord.RevocationReason);
        Assert.Null(resumedRecord.RevokedAtUtc);
        Assert.DoesNotContain(serial, resumedCrl.Serials);
        Assert.DoesNotContain("Certificate Hold", resumedCrl.Text);
        Assert.Equal(crlBefore + 2, await CrlNumberAsync(app));
        Assert.Equal("Good", verifyResumed.GetProperty("revocationStatus").GetString());

        // Held again, then expired: it cannot be resumed.
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/certificates/{serial}/hold", new { comment = "утерян токен" })).StatusCode);
        var notAfter = await SetNotAfterAsync(app, serial, DateTime.UtcNow.AddDays(-1));
        var unholdExpired = await manager.PostAsync($"/api/certificates/{serial}/unhold", null);
        Assert.Equal("Срок действия сертификата истёк: возобновить его действие нельзя.", await DetailAsync(unholdExpired, HttpStatusCode.Conflict));
        Assert.Equal(CertificateStatus.Suspended, (await RecordAsync(app, serial)).Status);
        await SetNotAfterAsync(app, serial, notAfter);

        // A held certificate can be revoked for good; then unhold is refused and the CRL carries the new reason.
        var revoked = await manager.PostAsJsonAsync($"/api/certificates/{serial}/revoke", new { reason = "KeyCompromise" });
        var unholdRevoked = await manager.PostAsync($"/api/certificates/{serial}/unhold", null);
        var holdRevoked = await manager.PostAsJsonAsync($"/api/certificates/{serial}/hold", new { comment = "заявление владельца" });
        var revokedCrl = await OpensslCrlTextAsync(app, serial);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("Сертификат отозван: возобновить его действие нельзя.", await DetailAsync(unholdRevoked, HttpStatusCode.Conflict));
        Assert.Equal("Сертификат отозван: приостановить его действие нельзя.", await DetailAsync(holdRevoked, HttpStatusCode.Conflict));
        Assert.Equal(CertificateStatus.Revoked, (await RecordAsync(app, serial)).Status);
        Assert.Contains(serial, revokedCrl.Serials);
        Assert.Contains("Key Compromise", revokedCrl.Text);
        Assert.DoesNotContain("Certificate Hold", revokedCrl.Text);
    }

    [Theory, BothProviders]
    public async Task Hold_is_refused_when_the_profile_does_not_allow_it(DatabaseProvider provider)
    {
        var app = apps.For(provider); // the default profile: AllowHold = false
        var serial = await IssuanceDriver.IssueCertificateAsync(app);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var crlBefore = await CrlNumberAsync(app);

        var refused = await manager.PostAsJsonAsync($"/api/certificates/{serial}/hold", new { comment = "заявление владельца" });

        Assert.Contains("не допускает приостановления", await DetailAsync(refused, HttpStatusCode.Conflict));
        var record = await RecordAsync(app, serial);
        Assert.False(record.HoldAllowed);
        Assert.Equal(CertificateStatus.Valid, record.Status);
        Assert.Null(record.RevocationReason);
        Assert.Equal(crlBefore, await CrlNumberAsync(app));
    }

    private static async Task CompleteTaskAsync(HttpClient client, Guid instance, string activityId, string outcome, object? data = null)
    {
        var task = Assert.Single(await OpenTasksAsync(client, instance), t => t.GetProperty("activityId").GetString() == activityId);
        var response = await CompleteAsync(client, task.GetProperty("id").GetGuid(), outcome, data);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<CertificateRecord> RecordAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.SerialHex == serial);
    }

    private static async Task<DateTime> SetNotAfterAsync(KepOfficeApp app, string serial, DateTime notAfter)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().SingleAsync(c => c.SerialHex == serial);
        var previous = record.NotAfterUtc;
        record.NotAfterUtc = notAfter;
        record.Version++;
        await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().SaveChangesAsync();
        return previous;
    }

    private static async Task<long> CrlNumberAsync(KepOfficeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var authorities = scope.ServiceProvider.GetRequiredService<CertificateAuthorityStore>();
        return (await authorities.GetActiveIssuingAsync(CancellationToken.None))!.CrlNumber;
    }

    private static async Task<(string Text, string Serials)> OpensslCrlTextAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var ca = (await scope.ServiceProvider.GetRequiredService<CertificateAuthorityStore>().GetActiveIssuingAsync(CancellationToken.None))!;
        var file = Path.Combine(Directory.CreateTempSubdirectory("kepoffice-hold-").FullName, "ca.crl");
        await File.WriteAllBytesAsync(file, await app.CreateApiClient().GetByteArrayAsync($"/cdp/{ca.Id}.crl"));
        var text = await OpenSsl.RunAsync("crl", "-inform", "DER", "-in", file, "-noout", "-text");
        Assert.True(text.ExitCode == 0, text.Output);
        Assert.Matches($@"CRL Number:\s*\n\s*{ca.CrlNumber}\s", text.Output);
        var serials = string.Join(" ", text.Output.Split('\n').Where(l => l.Contains("Serial Number:")).Select(l => l.Split(':', 2)[1].Trim().ToUpperInvariant()));
        return (text.Output, serials);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client, byte[] certificate)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(certificate), "certificate", "cert.cer" } };
        var response = await client.PostAsync("/api/verify", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out var messages), body);
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }
}
