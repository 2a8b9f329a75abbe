using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using KepOffice.IntegrationTests.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Issuance;

/// <summary>Drives the portal side of issuance: an intake client, applications with scans and a GOST CSR made by openssl.</summary>
internal static class IssuanceDriver
{
    public const string Snils = "11223344595";
    public const string Inn = "500100732259";

    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D];
    public static readonly byte[] Pdf = "%PDF-1.4\n%test\n"u8.ToArray();

    public static async Task<HttpClient> PortalClientAsync(KepOfficeApp app)
    {
        var admin = await app.CreateAdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/intake-clients", new { name = "Портал Госуслуг (тест)" });
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        var portal = app.CreateApiClient();
        portal.DefaultRequestHeaders.Add("X-Api-Key", key);
        return portal;
    }

    public static async Task<byte[]> GostCsrAsync(string surname = "Иванов", string givenNames = "Иван Иванович", string snils = Snils, string inn = Inn) =>
        (await GostKeyAndCsrAsync(surname, givenNames, snils, inn)).Csr;

    /// <summary>A GOST key made by openssl (PEM file) and a CSR for it.</summary>
    public static async Task<(string KeyPath, byte[] Csr)> GostKeyAndCsrAsync(string surname = "Иванов", string givenNames = "Иван Иванович", string snils = Snils, string inn = Inn)
    {
        var folder = Directory.CreateTempSubdirectory("kepoffice-csr-").FullName;
        var key = Path.Combine(folder, "key.pem");
        var csr = Path.Combine(folder, "req.der");
        var generated = await OpenSsl.RunAsync("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:TCA", "-out", key);
        Assert.True(generated.ExitCode == 0, generated.Output);
        var request = await OpenSsl.RunAsync("req", "-new", "-utf8", "-key", key, "-outform", "DER", "-out", csr, "-subj",
            $"/CN={surname} {givenNames}/2.5.4.4={surname}/2.5.4.42={givenNames}/1.2.643.100.3={snils}/1.2.643.3.131.1.1={inn}/C=RU");
        Assert.True(request.ExitCode == 0, request.Output);
        return (key, await File.ReadAllBytesAsync(csr));
    }

    public static MultipartFormDataContent Application(byte[]? csr, string snils = Snils, byte[]? passportScan = null, string passportFileName = "passport.jpg", string email = "ivanov@example.test")
    {
        var form = new MultipartFormDataContent();
        void Field(string name, string value) => form.Add(new StringContent(value), name);
        Field("surname", "Иванов");
        Field("givenName", "Иван");
        Field("patronymic", "Иванович");
        Field("birthDate", "1985-04-12");
        Field("passportSeries", "4510");
        Field("passportNumber", "123456");
        Field("passportIssuedOn", "2010-05-20");
        Field("passportIssuer", "ОВД района Тверской г. Москвы");
        Field("passportUnitCode", "770-001");
        Field("snils", snils);
        Field("inn", Inn);
        Field("email", email);
        Field("phone", "+7 900 123-45-67");
        Field("validityMonths", "15");
        Field("keyMode", "csr");
        if (csr is not null)
        {
            form.Add(Part(csr, "application/pkcs10"), "csr", "request.der");
        }

        form.Add(Part(passportScan ?? Jpeg, "image/jpeg"), "passportMainScan", passportFileName);
        form.Add(Part(Png, "image/png"), "passportRegistrationScan", "registration.png");
        form.Add(Part(Pdf, "application/pdf"), "snilsScan", "snils.pdf");
        return form;
    }

    private static ByteArrayContent Part(byte[] content, string contentType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return file;
    }

    /// <summary>The workflow instance that runs the application.</summary>
    public static async Task<Guid> InstanceOfAsync(KepOfficeApp app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        return (await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Number == number)).WorkflowInstanceId!.Value;
    }

    public static async Task CompleteOnlyTaskAsync(HttpClient client, Guid instance, string activityId, string outcome, object? data = null)
    {
        var open = await WorkflowApiClient.OpenTasksAsync(client, instance);
        if (!open.Any(t => t.GetProperty("activityId").GetString() == activityId))
        {
            Assert.Fail($"No open task {activityId}; instance: {await client.GetStringAsync($"/api/workflow-instances/{instance}")}");
        }

        var task = Assert.Single(open, t => t.GetProperty("activityId").GetString() == activityId);
        var response = await WorkflowApiClient.CompleteAsync(client, task.GetProperty("id").GetGuid(), outcome, data);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A detached CMS signature (DER) over <paramref name="content"/>, made by openssl with the holder's key and certificate.</summary>
    public static async Task<byte[]> SignDetachedAsync(string keyPath, byte[] certificateDer, byte[] content)
    {
        var folder = Directory.CreateTempSubdirectory("kepoffice-cms-").FullName;
        var der = Path.Combine(folder, "holder.cer");
        var pem = Path.Combine(folder, "holder.pem");
        var input = Path.Combine(folder, "content.bin");
        var signature = Path.Combine(folder, "content.sig");
        await File.WriteAllBytesAsync(der, certificateDer);
        await File.WriteAllBytesAsync(input, content);
        var converted = await OpenSsl.RunAsync("x509", "-inform", "DER", "-in", der, "-out", pem);
        Assert.True(converted.ExitCode == 0, converted.Output);
        var signed = await OpenSsl.RunAsync("cms", "-sign", "-binary", "-in", input, "-signer", pem, "-inkey", keyPath, "-outform", "DER", "-out", signature);
        Assert.True(signed.ExitCode == 0, signed.Output);
        return await File.ReadAllBytesAsync(signature);
    }

    /// <summary>Takes a portal application through check, payment and identification; the serial of the certificate issued.</summary>
    public static async Task<string> IssueCertificateAsync(KepOfficeApp app) => await IssueCertificateAsync(app, await GostCsrAsync());

    /// <summary>The same for a CSR of the caller's (whose key the caller keeps).</summary>
    public static async Task<string> IssueCertificateAsync(KepOfficeApp app, byte[] csr)
    {
        var portal = await PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var submitted = await portal.PostAsync("/api/intake/applications", Application(csr));
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await InstanceOfAsync(app, number);
        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Approve");
        (await portal.PostAsync($"/api/intake/applications/{number}/payment", null)).EnsureSuccessStatusCode();
        await CompleteOnlyTaskAsync(operatorClient, instance, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<KepOffice.Core.Certificates.CertificateRecord>().AsNoTracking()
            .SingleAsync(c => c.ApplicationNumber == number)).SerialHex;
    }
}
