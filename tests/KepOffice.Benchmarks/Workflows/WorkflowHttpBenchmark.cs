using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KepOffice.Benchmarks.Workflows;

/// <summary>
/// The same round trips through the REST API of a running KepOffice server (--workflow-url http://127.0.0.1:PORT, demo
/// accounts with the password from --demo-password or KEPOFFICE_DEMO_PASSWORD): what an operator's browser sees,
/// HTTP, authentication and JSON included.
/// </summary>
internal static class WorkflowHttpBenchmark
{
    public static async Task RunAsync(Uri server, string demoPassword, int serial, int concurrent)
    {
        Results.Header($"Workflow runtime through the HTTP API of {server} ({serial} serial and {concurrent} concurrent round trips)");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        var manager = await LoginAsync(http, "manager", demoPassword);
        var operatorToken = await LoginAsync(http, "operator", demoPassword);
        var definitionId = "bench-http-" + Guid.NewGuid().ToString("N")[..8];
        using (var import = new HttpRequestMessage(HttpMethod.Post, "/api/workflow-definitions/import"))
        {
            import.Headers.Authorization = manager;
            import.Content = new StringContent(WorkflowRuntimeBenchmark.Definition.Replace("bench-two-tasks", definitionId, StringComparison.Ordinal), Encoding.UTF8, "application/json");
            (await http.SendAsync(import)).EnsureSuccessStatusCode();
        }

        var api = new Api(http, operatorToken, definitionId);
        var warm = await WorkflowRuntimeBenchmark.MeasureAsync(Names("warm", 50), 4, api.StartAsync);
        await WorkflowRuntimeBenchmark.MeasureAsync(await api.FirstTasksAsync(warm.Ids), 4, api.CompleteAsync);
        var serialStart = await WorkflowRuntimeBenchmark.MeasureAsync(Names("serial", serial), 1, api.StartAsync);
        var serialComplete = await WorkflowRuntimeBenchmark.MeasureAsync(await api.FirstTasksAsync(serialStart.Ids), 1, api.CompleteAsync);
        var concurrentStart = await WorkflowRuntimeBenchmark.MeasureAsync(Names("parallel", concurrent), 16, api.StartAsync);
        var concurrentComplete = await WorkflowRuntimeBenchmark.MeasureAsync(await api.FirstTasksAsync(concurrentStart.Ids), 16, api.CompleteAsync);

        Results.Line("HTTP: instances started, 1 client", serialStart.ToString());
        Results.Line("HTTP: instances started, 16 clients", concurrentStart.ToString());
        Results.Line("HTTP: task round trip (complete → next task), 1 client", serialComplete.ToString());
        Results.Line("HTTP: task round trip (complete → next task), 16 clients", concurrentComplete.ToString());
        Results.Line("  (CPU above is this client process only; the server runs apart)", "");
    }

    private static List<string> Names(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}-{i.ToString("D5", CultureInfo.InvariantCulture)}").ToList();

    private static async Task<AuthenticationHeaderValue> LoginAsync(HttpClient http, string login, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { login, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        return new AuthenticationHeaderValue("Bearer", token);
    }

    private sealed class Api(HttpClient http, AuthenticationHeaderValue token, string definitionId)
    {
        public async Task<Guid> StartAsync(string correlationId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflow-instances") { Content = JsonContent.Create(new { definitionId, correlationId }) };
            request.Headers.Authorization = token;
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetGuid();
        }

        public async Task<Guid> CompleteAsync(Guid taskId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{taskId}/complete") { Content = JsonContent.Create(new { outcome = "Done" }) };
            request.Headers.Authorization = token;
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return taskId;
        }

        /// <summary>The open "first" task of each instance, in the instances' order.</summary>
        public async Task<IReadOnlyList<Guid>> FirstTasksAsync(IReadOnlyList<Guid> instanceIds)
        {
            var wanted = instanceIds.ToHashSet();
            var found = new Dictionary<Guid, Guid>();
            for (var skip = 0; ; skip += 500)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tasks?filter=all&take=500&skip={skip}");
                request.Headers.Authorization = token;
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
                foreach (var task in items.Where(t => t.GetProperty("activityId").GetString() == "first"))
                {
                    var instanceId = task.GetProperty("instanceId").GetGuid();
                    if (wanted.Contains(instanceId))
                    {
                        found[instanceId] = task.GetProperty("id").GetGuid();
                    }
                }

                if (items.Count < 500)
                {
                    break;
                }
            }

            return instanceIds.Select(id => found[id]).ToList();
        }
    }
}
