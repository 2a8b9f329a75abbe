using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.EndToEndTests.Support;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Certificates;

public sealed class VerificationPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Operator_uploads_an_issued_certificate_and_sees_it_valid_and_a_broken_file_is_named_as_such()
    {
        var number = await IssueThroughTheApiAsync();
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "operator", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        var serial = await SerialOfAsync(page, number);
        var cer = await page.Context.APIRequest.GetAsync($"/api/certificates/{serial}.cer");
        Assert.Equal(200, cer.Status);

        await page.GetByRole(AriaRole.Link, new() { Name = "Проверка подписи" }).First.ClickAsync();
        await page.WaitForURLAsync("**/verify");
        await BrowserApp.WaitForInteractiveAsync(page);

        // Nothing chosen: a clear request for the file, no verdict.
        await page.ClickAsync("#verify-submit");
        var nothing = await page.InnerTextAsync("#verify-error");

        // A text file named .cer: named as not a certificate, no verdict shown.
        await page.SetInputFilesAsync("#certificate-file", new FilePayload { Name = "заметки.cer", MimeType = "application/pkix-cert", Buffer = "это не сертификат"u8.ToArray() });
        await page.ClickAsync("#verify-submit");
        await page.Locator("#verify-error", new() { HasText = "не является сертификатом" }).WaitForAsync();
        var broken = await page.InnerTextAsync("#verify-error");
        var verdictAfterBroken = await page.Locator("#verify-verdict").CountAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "verify-broken-file.png"), FullPage = true });

        await page.SetInputFilesAsync("#certificate-file", new FilePayload { Name = "issued.cer", MimeType = "application/pkix-cert", Buffer = await cer.BodyAsync() });
        await page.ClickAsync("#verify-submit");
        await page.Locator("#verify-verdict").WaitForAsync();
        var verdict = await page.InnerTextAsync("#verify-verdict");
        var report = await page.InnerTextAsync("#verify-result");
        var errorsLeft = await page.Locator("#verify-error").CountAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "verify-certificate.png"), FullPage = true });

        // Signature mode: a certificate passed off as a signature is refused as an unreadable signature file.
        await page.GetByText("Электронная подпись (.sig, .p7s) и подписанный файл").ClickAsync();
        await page.Locator("#signature-file").WaitForAsync();
        var resultAfterSwitch = await page.Locator("#verify-result").CountAsync();
        await page.SetInputFilesAsync("#signature-file", new FilePayload { Name = "подпись.sig", MimeType = "application/pkcs7-signature", Buffer = await cer.BodyAsync() });
        await page.SetInputFilesAsync("#content-file", new FilePayload { Name = "договор.txt", MimeType = "text/plain", Buffer = "договор"u8.ToArray() });
        await page.ClickAsync("#verify-submit");
        await page.Locator("#verify-error").WaitForAsync();
        var badSignature = await page.InnerTextAsync("#verify-error");

        Assert.Equal("Выберите файл сертификата (.cer, .crt или .pem).", nothing.Trim());
        Assert.Equal("«заметки.cer»: Файл не является сертификатом X.509 (повреждён или другого формата).", broken.Trim());
        Assert.Equal(0, verdictAfterBroken);
        Assert.Equal("Сертификат действителен", verdict.Trim());
        Assert.Contains(serial, report);
        Assert.Contains("Иванов Иван Иванович", report);
        Assert.Contains("Цепочка построена до доверенного корневого сертификата", report);
        Assert.Contains("Сертификат не отозван", report);
        Assert.Contains("соответствует профилю квалифицированного сертификата", report);
        Assert.Equal(0, errorsLeft);
        Assert.Equal(0, resultAfterSwitch);
        Assert.StartsWith("«подпись.sig»: Файл подписи повреждён", badSignature.Trim());
    }

    private async Task<string> IssueThroughTheApiAsync()
    {
        using var portal = await PortalDriver.PortalClientAsync(app.BaseUrl);
        var number = await PortalDriver.SubmitAsync(portal, "Иванов");
        using var operatorClient = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var login = await operatorClient.PostAsJsonAsync("/api/auth/login", new { login = "operator", password = BrowserApp.DemoPassword });
        login.EnsureSuccessStatusCode();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        await CompleteAsync(operatorClient, number, "check-documents", "Approve", null);
        await PortalDriver.ConfirmPaymentAsync(portal, number);
        await CompleteAsync(operatorClient, number, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
        return number;
    }

    private static async Task CompleteAsync(HttpClient client, string number, string activityId, string outcome, object? data)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var tasks = await client.GetFromJsonAsync<JsonElement>("/api/tasks?filter=all&take=500");
            var task = tasks.GetProperty("items").EnumerateArray().FirstOrDefault(t =>
                t.GetProperty("correlationId").GetString() == number && t.GetProperty("activityId").GetString() == activityId);
            if (task.ValueKind == JsonValueKind.Object)
            {
                var response = await client.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetGuid()}/complete", new { outcome, data });
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"task {activityId} of {number} did not appear");
            await Task.Delay(300);
        }
    }

    // The certificate is issued by the workflow after identification; the card shows its serial once it exists.
    private static async Task<string> SerialOfAsync(IPage page, string number)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await page.GotoAsync($"/applications/{number}");
            await BrowserApp.WaitForInteractiveAsync(page);
            var serial = page.Locator("#certificate-serial");
            if (await serial.CountAsync() > 0)
            {
                return (await serial.InnerTextAsync()).Trim();
            }

            Assert.True(DateTime.UtcNow < deadline, $"no certificate for {number}");
            await Task.Delay(500);
        }
    }
}
