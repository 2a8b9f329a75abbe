using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace KepOffice.IntegrationTests.Faults;

/// <summary>
/// The load driver's HTTP side: every request goes to one of the nodes (alternating), and a refused connection, a timeout,
/// a 5xx or a 429 is retried, on the other node first. A refused request is expected while a node is down or PostgreSQL
/// restarts; what the test must never see is a result lost or done twice, which it checks in the database afterwards.
/// </summary>
internal sealed class ResilientApi(IReadOnlyList<Uri> nodes, TimeSpan giveUpAfter)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private long _retries;
    private long _calls;
    private int _next;

    /// <summary>Requests sent again after a connection error, a timeout, a 5xx or a 429.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>The first answer that is neither a connection error nor a 5xx/429: its status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? MediaType)> SendAsync(Func<HttpRequestMessage> request, AuthenticationHeaderValue? bearer = null, string? apiKey = null)
    {
        var node = Interlocked.Increment(ref _next);
        var deadline = DateTime.UtcNow + giveUpAfter;
        string last = "";
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                Interlocked.Increment(ref _retries);
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"No node answered within {giveUpAfter.TotalSeconds:F0} s; last: {last}");
                }

                await Task.Delay(Math.Min(100 * attempt, 1000));
            }

            using var message = request();
            message.RequestUri = new Uri(nodes[(node + attempt) % nodes.Count], message.RequestUri!);
            message.Headers.Authorization = bearer;
            if (apiKey is not null)
            {
                message.Headers.Add("X-Api-Key", apiKey);
            }

            Interlocked.Increment(ref _calls);
            try
            {
                using var response = await _http.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    last = $"{(int)response.StatusCode} {Shorten(body)}";
                    continue;
                }

                return (response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                last = e.GetType().Name + ": " + e.Message;
            }
        }
    }

    public static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();

    private static string Shorten(string body) => body.Length > 300 ? body[..300] : body;
}
