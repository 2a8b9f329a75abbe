using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.X509;
using static KepOffice.IntegrationTests.Issuance.IssuanceDriver;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Certificates;

/// <summary>kep-renewal from the reminder's link: identification by the current qualified certificate, then the issuance steps.</summary>
[Collection(SharedAppsCollection.Name)]
public sealed class RenewalWorkflowTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Renewal_signed_with_the_current_certificate_needs_no_visit_and_supersedes_the_old_certificate_once_the_new_one_is_issued(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var (oldKey, oldCsr) = await GostKeyAndCsrAsync();
        var oldSerial = await IssueCertificateAsync(app, oldCsr);
        var old = await RecordAsync(app, c => c.SerialHex == oldSerial);
        var (_, newCsr) = await GostKeyAndCsrAsync();
        var signature = await SignDetachedAsync(oldKey, old.Der, newCsr);
        var signatureOfOtherFile = await SignDetachedAsync(oldKey, old.Der, oldCsr);
        var portal = await PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);

        var noSignature = await portal.PostAsync("/api/intake/renewals", Form(oldSerial, newCsr, null));
        var noCsr = await portal.PostAsync("/api/intake/renewals", Form(oldSerial, null, signature));
        var badSerial = await portal.PostAsync("/api/intake/renewals", Form("не номер", newCsr, signature));
        var wrongFile = await portal.PostAsync("/api/intake/renewals", Form(oldSerial, newCsr, signatureOfOtherFile));
        var unknown = await portal.PostAsync("/api/intake/renewals", Form("0123456789ABCDEF0123", newCsr, signature));
        var sameKey = await portal.PostAsync("/api/intake/renewals", Form(oldSerial, oldCsr, signatureOfOtherFile));
        var noRenewalYet = await CountRenewalsAsync(app, old.Id);

        var submitted = await portal.PostAsync("/api/intake/renewals", Form(oldSerial.ToLowerInvariant(), newCsr, signature));
        var body = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        var number = body.GetProperty("number").GetString()!;
        var twice = await portal.PostAsync("/api/intake/renewals", Form(oldSerial, newCsr, signature));
        var instance = await InstanceOfAsync(app, number);
        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Approve");
        var beforeIssue = await RecordAsync(app, c => c.SerialHex == oldSerial);
        (await portal.PostAsync($"/api/intake/applications/{number}/payment", null)).EnsureSuccessStatusCode();
        var afterPayment = await OpenTasksAsync(operatorClient, instance);
        await CompleteOnlyTaskAsync(operatorClient, instance, "print-act", "Signed");
        var renewed = await RecordAsync(app, c => c.SerialHex == oldSerial);
        var issued = await RecordAsync(app, c => c.ApplicationNumber == number);
        var details = await InstanceAsync(operatorClient, instance);

        await AssertFieldAsync(noSignature, "signature");
        await AssertFieldAsync(noCsr, "csr");
        await AssertFieldAsync(badSerial, "serial");
        Assert.Equal(HttpStatusCode.Forbidden, wrongFile.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(Detail(await wrongFile.Content.ReadAsStringAsync()), Detail(await unknown.Content.ReadAsStringAsync()));
        await AssertFieldAsync(sameKey, "csr");
        Assert.Equal(0, noRenewalYet);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("QualifiedCertificate", body.GetProperty("identification").GetString());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(CertificateStatus.Valid, beforeIssue.Status);
        Assert.DoesNotContain(afterPayment, t => t.GetProperty("activityId").GetString() == "identify");
        Assert.Contains(afterPayment, t => t.GetProperty("activityId").GetString() == "print-act");
        Assert.Equal(CertificateStatus.Superseded, renewed.Status);
        Assert.Equal(old.Version + 1, renewed.Version);
        Assert.Equal(CertificateStatus.Valid, issued.Status);
        Assert.NotEqual(old.PublicKeyFingerprint, issued.PublicKeyFingerprint);
        Assert.Equal(1, IdentificationKind(issued.Der));
        Assert.Equal(0, IdentificationKind(old.Der));
        Assert.Equal("Finished", details.GetProperty("summary").GetProperty("status").GetString());
        Assert.Equal(1, await CountRenewalsAsync(app, old.Id));
    }

    [Theory, BothProviders]
    public async Task An_operator_starts_a_renewal_and_the_holder_is_identified_in_person(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var serial = await IssueCertificateAsync(app);
        var (_, newCsr) = await GostKeyAndCsrAsync();
        var portal = await PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);

        var byAuditor = await auditor.PostAsync($"/api/certificates/{serial}/renewals", Form(null, newCsr, null));
        var started = await operatorClient.PostAsync($"/api/certificates/{serial}/renewals", Form(null, newCsr, null));
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var number = body.GetProperty("number").GetString()!;
        var instance = await InstanceOfAsync(app, number);
        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Approve");
        var portalPayment = await portal.PostAsync($"/api/intake/applications/{number}/payment", null);
        await CompleteOnlyTaskAsync(operatorClient, instance, "mark-payment", "Paid");
        var stillValid = await RecordAsync(app, c => c.SerialHex == serial);
        await CompleteOnlyTaskAsync(operatorClient, instance, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
        await CompleteOnlyTaskAsync(operatorClient, instance, "print-act", "Signed");
        var issued = await RecordAsync(app, c => c.ApplicationNumber == number);

        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        // A desk application belongs to no portal: the portal cannot confirm its payment, the operator marks it.
        Assert.Equal(HttpStatusCode.NotFound, portalPayment.StatusCode);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal("InPerson", body.GetProperty("identification").GetString());
        Assert.Equal(CertificateStatus.Valid, stillValid.Status);
        Assert.Equal(0, IdentificationKind(issued.Der));
        Assert.Equal(CertificateStatus.Superseded, (await RecordAsync(app, c => c.SerialHex == serial)).Status);
    }

    private static MultipartFormDataContent Form(string? serial, byte[]? csr, byte[]? signature)
    {
        var form = new MultipartFormDataContent();
        if (serial is not null)
        {
            form.Add(new StringContent(serial), "serial");
        }

        if (csr is not null)
        {
            var part = new ByteArrayContent(csr);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pkcs10");
            form.Add(part, "csr", "request.der");
        }

        if (signature is not null)
        {
            var part = new ByteArrayContent(signature);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pkcs7-signature");
            form.Add(part, "signature", "request.der.sig");
        }

        return form;
    }

    private static int IdentificationKind(byte[] der)
    {
        var value = new X509Certificate(der).GetExtensionValue(new DerObjectIdentifier("1.2.643.100.114"));
        return DerInteger.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact;
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {response.StatusCode} {text}");
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }

    private static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;

    private static async Task<CertificateRecord> RecordAsync(KepOfficeApp app, System.Linq.Expressions.Expression<Func<CertificateRecord, bool>> where)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking().SingleAsync(where);
    }

    private static async Task<int> CountRenewalsAsync(KepOfficeApp app, Guid certificateId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<Application>().CountAsync(a => a.RenewsCertificateId == certificateId);
    }
}
