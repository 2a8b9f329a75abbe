using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KepOffice.IntegrationTests.Workflows;

/// <summary>Thin helpers over the REST API the tests drive.</summary>
internal static class WorkflowApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<HttpResponseMessage> ImportAsync(HttpClient manager, string json) =>
        await manager.PostAsync("/api/workflow-definitions/import", new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<Guid> StartAsync(HttpClient client, string definitionId, string correlationId, object? input = null)
    {
        var response = await client.PostAsJsonAsync("/api/workflow-instances", new { definitionId, correlationId, input });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetGuid();
    }

    public static async Task<List<JsonElement>> OpenTasksAsync(HttpClient client, Guid instanceId, string filter = "all")
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/tasks?filter={filter}&take=500");
        return page.GetProperty("items").EnumerateArray().Where(t => t.GetProperty("instanceId").GetGuid() == instanceId).ToList();
    }

    public static Task<HttpResponseMessage> CompleteAsync(HttpClient client, Guid taskId, string outcome, object? data = null) =>
        client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome, data });

    public static async Task<JsonElement> InstanceAsync(HttpClient client, Guid instanceId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{instanceId}");
}
