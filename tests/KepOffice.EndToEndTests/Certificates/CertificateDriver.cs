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

    public static async Task<string> IssueThroughTheApiAsync(string baseUrl)
    {
        using var portal = await PortalDriver.PortalClientAsync(baseUrl);
        var number = await PortalDriver.SubmitAsync(portal, "Иванов");
        using var operatorClient = new HttpClient { BaseAddress = new Uri(baseUrl) };
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
