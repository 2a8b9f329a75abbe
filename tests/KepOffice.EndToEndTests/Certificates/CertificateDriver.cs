using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.EndToEndTests.Support;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Certificates;

/// <summary>Gets a certificate issued without clicking through the inbox: portal intake and operator tasks over the API.</summary>
internal static class CertificateDriver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <returns>The application number and the holder's key file (for signing test files).</returns>
    public static async Task<(string Number, string KeyPath)> IssueThroughTheApiAsync(string baseUrl)
    {
        using var portal = await PortalDriver.PortalClientAsync(baseUrl);
        var (csr, keyPath) = await PortalDriver.GostKeyAndCsrAsync("Иванов", "Иван Иванович");
        var number = await PortalDriver.SubmitAsync(portal, "Иванов", csr);
        using var operatorClient = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var login = await operatorClient.PostAsJsonAsync("/api/auth/login", new { login = "operator", password = BrowserApp.DemoPassword });
        login.EnsureSuccessStatusCode();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        await CompleteAsync(operatorClient, number, "check-documents", "Approve", null);
        await PortalDriver.ConfirmPaymentAsync(portal, number);
        await CompleteAsync(operatorClient, number, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
        return (number, keyPath);
    }

    /// <summary>A detached CMS signature of <paramref name="content"/> made by openssl with the holder's key.</summary>
    public static async Task<byte[]> SignDetachedAsync(string keyPath, byte[] certificate, byte[] content)
    {
        var folder = Directory.CreateTempSubdirectory("kepoffice-e2e-sign-").FullName;
        string In(string name, byte[] bytes)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        var der = In("holder.cer", certificate);
        var pem = Path.Combine(folder, "holder.pem");
        var signature = Path.Combine(folder, "document.sig");
        var converted = await PortalDriver.OpenSslAsync("x509", "-inform", "DER", "-in", der, "-out", pem);
        Assert.True(converted.ExitCode == 0, converted.Output);
        var signed = await PortalDriver.OpenSslAsync("cms", "-sign", "-binary", "-in", In("document.txt", content), "-signer", pem, "-inkey", keyPath,
            "-outform", "DER", "-out", signature);
        Assert.True(signed.ExitCode == 0, signed.Output);
        return await File.ReadAllBytesAsync(signature);
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
    public static async Task<string> SerialOfAsync(IPage page, string number)
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
