using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.EndToEndTests.Support;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Issuance;

public sealed class KeyHandoverPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Applicant_types_the_pin_twice_at_the_desk_and_the_pkcs12_downloads_once()
    {
        using var portal = await PortalDriver.PortalClientAsync(app.BaseUrl);
        var number = await PortalDriver.SubmitAsync(portal, "Петров", serverKey: true);
        using var api = await OperatorApiAsync();
        await CompleteAsync(api, number, "check-documents", "Approve", null);
        await PortalDriver.ConfirmPaymentAsync(portal, number);
        await CompleteAsync(api, number, "identify", "Identified", new { method = "InPerson", document = "паспорт гражданина РФ 4510 123456" });
        var handoverTask = await WaitForTaskAsync(api, number, "hand-over-key");

        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "operator", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GotoAsync($"/tasks/{handoverTask}");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GetByText("в работе у вас").WaitForAsync();

        await page.FillAsync("#pin", "abc12");
        await page.FillAsync("#pin-repeat", "abc12");
        await page.ClickAsync("#hand-over-key");
        await page.GetByText("PIN-код: не менее 8 символов").WaitForAsync();
        await page.FillAsync("#pin", "Kep2026pin");
        await page.FillAsync("#pin-repeat", "Kep2026pim");
        await page.ClickAsync("#hand-over-key");
        await page.GetByText("PIN-коды не совпадают").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "task-hand-over-key.png"), FullPage = true });

        await page.FillAsync("#pin", "Kep2026pin");
        await page.FillAsync("#pin-repeat", "Kep2026pin");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#hand-over-key"));
        var file = Path.Combine(Directory.CreateTempSubdirectory("kepoffice-e2e-p12-").FullName, "kep.p12");
        await download.SaveAsAsync(file);
        await page.WaitForURLAsync("**/tasks");
        var opened = await PortalDriver.OpenSslAsync("pkcs12", "-in", file, "-passin", "pass:Kep2026pin", "-nodes", "-noout");
        var actTask = await WaitForTaskAsync(api, number, "print-act");

        Assert.Equal($"kep-{number}.p12", download.SuggestedFilename);
        Assert.True(opened.ExitCode == 0, opened.Output);
        Assert.NotEqual(Guid.Empty, actTask);
    }

    private async Task<HttpClient> OperatorApiAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { login = "operator", password = BrowserApp.DemoPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task CompleteAsync(HttpClient api, string number, string activityId, string outcome, object? data)
    {
        var task = await WaitForTaskAsync(api, number, activityId);
        var response = await api.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome, data });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<Guid> WaitForTaskAsync(HttpClient api, string number, string activityId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/tasks?filter=all&search={Uri.EscapeDataString(number)}&take=50");
            var task = page.GetProperty("items").EnumerateArray()
                .FirstOrDefault(t => t.GetProperty("activityId").GetString() == activityId && t.GetProperty("correlationId").GetString() == number);
            if (task.ValueKind == JsonValueKind.Object)
            {
                return task.GetProperty("id").GetGuid();
            }

            Assert.True(DateTime.UtcNow < deadline, $"No open task {activityId} for {number}.");
            await Task.Delay(500);
        }
    }
}
