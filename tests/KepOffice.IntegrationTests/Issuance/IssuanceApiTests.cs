using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Issuance.IssuanceDriver;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Issuance;

[Collection(SharedAppsCollection.Name)]
public sealed class IssuanceApiTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Application_from_the_portal_goes_through_check_payment_identification_issue_and_act(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var csr = await IssuanceDriver.GostCsrAsync();

        var mailbox = $"ivanov.{Guid.NewGuid():N}@example.test";
        var submitted = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(csr, email: mailbox));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await InstanceOfAsync(app, number);
        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Approve");
        var payment = await portal.PostAsync($"/api/intake/applications/{number}/payment", null);
        await CompleteOnlyTaskAsync(operatorClient, instance, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
        await CompleteOnlyTaskAsync(operatorClient, instance, "print-act", "Signed");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Number == number);
        var certificate = await db.Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.ApplicationNumber == number);
        var emails = await db.Set<OutboxEmail>().AsNoTracking().Where(e => e.Correlation == number).Select(e => e.TemplateId).ToListAsync();
        var details = await InstanceAsync(operatorClient, instance);
        var certFile = Path.Combine(Directory.CreateTempSubdirectory("kepoffice-issued-").FullName, "issued.der");
        await File.WriteAllBytesAsync(certFile, certificate.Der);
        var parsed = await OpenSsl.RunAsync("x509", "-inform", "DER", "-in", certFile, "-noout", "-text");
        await scope.ServiceProvider.GetRequiredService<KepOffice.Core.Jobs.EmailJobs>().DeliverAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<KepOffice.Core.Jobs.EmailJobs>().DeliverAsync(CancellationToken.None);
        using var maildev = new HttpClient();
        var arrived = (await maildev.GetFromJsonAsync<JsonElement>($"{TestEnvironment.MaildevApi}/api/email")).EnumerateArray()
            .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == mailbox)).ToList();

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, payment.StatusCode);
        Assert.Equal(ApplicationStatus.Completed, application.Status);
        Assert.Equal(CertificateStatus.Valid, certificate.Status);
        Assert.Equal("Finished", details.GetProperty("summary").GetProperty("status").GetString());
        Assert.Equal(["application-received", "certificate-issued", "ready-for-identification"], emails.Order().ToArray());
        Assert.Equal(3, arrived.Count);
        Assert.Contains(arrived, m => m.GetProperty("subject").GetString()!.Contains(number) && m.GetProperty("text").GetString()!.Contains("Иван Иванович"));
        Assert.Contains(arrived, m => m.GetProperty("subject").GetString()!.Contains("сертификат", StringComparison.OrdinalIgnoreCase)
            && m.GetProperty("text").GetString()!.Contains(certificate.SerialHex, StringComparison.OrdinalIgnoreCase));
        Assert.True(parsed.ExitCode == 0, parsed.Output);
        Assert.Contains("SNILS", parsed.Output);
        Assert.Contains(IssuanceDriver.Snils, parsed.Output);
        Assert.Contains("Signing Tool of Subject", parsed.Output);

        // The holder loses the token: a manager revokes, the CRL that openssl reads lists the serial at once.
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var byOperator = await operatorClient.PostAsJsonAsync($"/api/certificates/{certificate.SerialHex}/revoke", new { reason = "KeyCompromise" });
        var badReason = await manager.PostAsJsonAsync($"/api/certificates/{certificate.SerialHex}/revoke", new { reason = "Lost" });
        var revoked = await manager.PostAsJsonAsync($"/api/certificates/{certificate.SerialHex}/revoke", new { reason = "KeyCompromise", comment = "утерян токен" });
        var again = await manager.PostAsJsonAsync($"/api/certificates/{certificate.SerialHex}/revoke", new { reason = "KeyCompromise" });
        var crlFile = certFile + ".crl";
        await File.WriteAllBytesAsync(crlFile, await operatorClient.GetByteArrayAsync($"/cdp/{certificate.CaId}.crl"));
        var crlText = await OpenSsl.RunAsync("crl", "-inform", "DER", "-in", crlFile, "-noout", "-text");
        var p7b = await operatorClient.GetAsync($"/api/certificates/{certificate.SerialHex}.p7b");
        var verify = new MultipartFormDataContent { { new ByteArrayContent(certificate.Der), "certificate", "cert.cer" } };
        var report = await (await operatorClient.PostAsync("/api/verify", verify)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(certificate.SerialHex, crlText.Output.Replace(":", "").ToUpperInvariant());
        Assert.Contains("Key Compromise", crlText.Output);
        Assert.Equal("application/x-pkcs7-certificates", p7b.Content.Headers.ContentType?.MediaType);
        Assert.False(report.GetProperty("isValid").GetBoolean());
        Assert.Equal("Revoked", report.GetProperty("revocationStatus").GetString());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "QualifiedCertificate", 1)]
    [InlineData(DatabaseProvider.Sqlite, "BiometricPassport", 2)]
    [InlineData(DatabaseProvider.PostgreSql, "EsiaEbs", 3)]
    [InlineData(DatabaseProvider.PostgreSql, "InPerson", 0)]
    public async Task Payment_before_the_check_and_each_identification_method_reach_the_certificate(DatabaseProvider provider, string method, int identificationKind)
    {
        var app = apps.For(provider);
        var portal = await PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var submitted = await portal.PostAsync("/api/intake/applications", Application(await GostCsrAsync()));
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await InstanceOfAsync(app, number);

        // The portal confirms the payment before the operator has looked at the documents: the signal waits for its step.
        var paidFirst = await portal.PostAsync($"/api/intake/applications/{number}/payment", null);
        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Approve");
        await CompleteOnlyTaskAsync(operatorClient, instance, "identify", "Identified", new { method, document = "документ" });
        await CompleteOnlyTaskAsync(operatorClient, instance, "print-act", "Signed");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Number == number);
        var certificate = await db.Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.ApplicationNumber == number);
        var extension = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(certificate.Der)
            .GetExtensionValue(new Org.BouncyCastle.Asn1.DerObjectIdentifier("1.2.643.100.114"));

        Assert.Equal(HttpStatusCode.OK, paidFirst.StatusCode);
        Assert.Equal(ApplicationStatus.Completed, application.Status);
        Assert.NotNull(extension);
        Assert.Equal(identificationKind, Org.BouncyCastle.Asn1.DerInteger.GetInstance(
            Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(extension.GetOctets())).IntValueExact);
    }

    [Theory, BothProviders]
    public async Task The_signed_act_scan_is_attached_after_issuance_only_and_only_as_PDF_JPEG_or_PNG(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);
        var serial = await IssueCertificateAsync(app);
        string number;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            number = (await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking()
                .SingleAsync(c => c.SerialHex == serial)).ApplicationNumber!;
        }

        var portal = await PortalClientAsync(app);
        var fresh = await portal.PostAsync("/api/intake/applications", Application(await GostCsrAsync()));
        var freshNumber = (await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        static MultipartFormDataContent Scan(byte[] content, string name) => new() { { new ByteArrayContent(content), "file", name } };

        var tooEarly = await operatorClient.PostAsync($"/api/applications/{freshNumber}/signed-act", Scan(Pdf, "act.pdf"));
        var disguised = await operatorClient.PostAsync($"/api/applications/{number}/signed-act", Scan("MZ\u0090\0\u0003"u8.ToArray(), "act.pdf"));
        var noFile = await operatorClient.PostAsync($"/api/applications/{number}/signed-act", new MultipartFormDataContent { { new StringContent("x"), "note" } });
        var byAuditor = await auditor.PostAsync($"/api/applications/{number}/signed-act", Scan(Pdf, "act.pdf"));
        var first = await operatorClient.PostAsync($"/api/applications/{number}/signed-act", Scan(Jpeg, "act.jpg"));
        var second = await operatorClient.PostAsync($"/api/applications/{number}/signed-act", Scan(Pdf, "act.pdf"));

        await using var check = app.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var ids = await db.Set<Application>().AsNoTracking().Where(a => a.Number == number || a.Number == freshNumber).ToDictionaryAsync(a => a.Number, a => a.Id);
        var acts = await db.Set<ApplicationDocument>().AsNoTracking()
            .Where(d => d.Kind == DocumentKind.SignedAct && d.ApplicationId == ids[number]).ToListAsync();
        var earlyActs = await db.Set<ApplicationDocument>().AsNoTracking()
            .CountAsync(d => d.Kind == DocumentKind.SignedAct && d.ApplicationId == ids[freshNumber]);

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
        Assert.Contains("JPEG, PNG и PDF", await disguised.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, earlyActs);
        Assert.Equal(2, acts.Count);
        Assert.Equal("application/pdf", Assert.Single(acts, a => !a.Superseded).ContentType);
    }

    [Theory, BothProviders]
    public async Task Correction_loop_sends_the_reason_and_new_scans_return_the_application_to_the_check(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var submitted = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(await IssuanceDriver.GostCsrAsync()));
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await InstanceOfAsync(app, number);

        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "NeedsCorrection", new { reason = "Скан паспорта нечитаем" });
        var corrected = new MultipartFormDataContent { { new ByteArrayContent(IssuanceDriver.Jpeg), "passportMainScan", "new.jpg" } };
        var resubmitted = await portal.PostAsync($"/api/intake/applications/{number}/documents", corrected);
        var again = Assert.Single(await OpenTasksAsync(operatorClient, instance));
        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Reject", new { reason = "Паспорт недействителен" });

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var application = await db.Set<Application>().AsNoTracking().Include(a => a.Documents).SingleAsync(a => a.Number == number);
        var emails = await db.Set<OutboxEmail>().AsNoTracking().Where(e => e.Correlation == number).ToListAsync();

        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        Assert.Equal("check-documents", again.GetProperty("activityId").GetString());
        Assert.Equal(ApplicationStatus.Rejected, application.Status);
        Assert.Equal(1, application.Documents.Count(d => d.Kind == DocumentKind.PassportMain && d.Superseded));
        Assert.Contains(emails, e => e.TemplateId == "correction-needed" && e.TextBody.Contains("Скан паспорта нечитаем"));
        Assert.Contains(emails, e => e.TemplateId == "application-rejected" && e.TextBody.Contains("Паспорт недействителен"));
    }

    [Theory, BothProviders]
    public async Task Applications_submitted_at_the_same_moment_get_distinct_consecutive_numbers(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var portal = await PortalClientAsync(app);
        var csrs = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => GostCsrAsync()));

        var responses = await Task.WhenAll(csrs.Select(csr => portal.PostAsync("/api/intake/applications", Application(csr))));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        var numbers = bodies.Select(b => JsonDocument.Parse(b).RootElement.TryGetProperty("number", out var n) ? n.GetString()! : b).ToList();
        var sequence = numbers.Select(n => int.Parse(n[5..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(12, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(sequence[0], 12), sequence);
    }

    [Theory, BothProviders]
    public async Task Bad_applications_are_refused_per_field_and_nothing_is_stored(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var csr = await IssuanceDriver.GostCsrAsync();
        var strangersCsr = await IssuanceDriver.GostCsrAsync("Петров", "Пётр Петрович", "08765430300", "773370857141");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var before = await db.Set<Application>().CountAsync();

        var wrongSnils = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(csr, snils: "11223344596"));
        var exeAsJpeg = await portal.PostAsync("/api/intake/applications",
            IssuanceDriver.Application(csr, passportScan: [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00], passportFileName: "passport.jpg"));
        var huge = new byte[30 * 1024 * 1024];
        IssuanceDriver.Jpeg.CopyTo(huge, 0);
        var tooLarge = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(csr, passportScan: huge));
        var someoneElses = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(strangersCsr));
        var noKey = await app.CreateApiClient().PostAsync("/api/intake/applications", IssuanceDriver.Application(csr));
        var json = await portal.PostAsJsonAsync("/api/intake/applications", new { surname = "Иванов" });

        Assert.Equal(HttpStatusCode.BadRequest, wrongSnils.StatusCode);
        Assert.Contains("СНИЛС", await ErrorAsync(wrongSnils, "snils"));
        Assert.Equal(HttpStatusCode.BadRequest, exeAsJpeg.StatusCode);
        Assert.Contains("JPEG, PNG и PDF", await ErrorAsync(exeAsJpeg, "passportMainScan"));
        Assert.True(tooLarge.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.BadRequest, someoneElses.StatusCode);
        Assert.Contains("Запрос на сертификат", await ErrorAsync(someoneElses, "csr"));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.True(json.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{json.StatusCode} {await json.Content.ReadAsStringAsync()} {json.Headers}");
        Assert.Equal(before, await db.Set<Application>().CountAsync());
    }

    [Theory, BothProviders]
    public async Task A_retried_submission_with_the_same_idempotency_key_creates_one_application(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var csr = await IssuanceDriver.GostCsrAsync();
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> SubmitAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/applications") { Content = IssuanceDriver.Application(csr) };
            request.Headers.Add("Idempotency-Key", key);
            return await portal.SendAsync(request);
        }

        var first = await SubmitAsync();
        var second = await SubmitAsync();
        var firstNumber = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        var secondNumber = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(firstNumber, secondNumber);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), await response.Content.ReadAsStringAsync());
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }
}
