using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using KepOffice.IntegrationTests.Support;
using KepOffice.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.WorkflowRuntime;

[Collection(NodesCollection.Name)]
public sealed class NodeKillTests(ITestOutputHelper output)
{
    private const int Loops = 75;
    private const int Prepared = 30;
    private const int Started = 30;

    [Fact]
    public async Task Node_killed_with_sigkill_mid_burst_leaves_no_instance_stuck_and_no_step_done_twice()
    {
        var database = PostgresDatabase.Create();
        var settings = new Dictionary<string, string?>
        {
            ["KepOffice:Workflows:StaleInstanceTimeout"] = "00:00:05",
            ["KepOffice:Jobs:workflow-recovery:Cron"] = "off",
        };
        await using var nodeA = await ServerProcess.StartAsync(database, settings);
        using var nodeB = new KepOfficeNode(database, settings).Started();
        var manager = await nodeA.CreateClientForAsync("manager");
        var definitionId = "long-" + Guid.NewGuid().ToString("N")[..12];
        (await ImportAsync(manager, RuntimeDefinitions.LongSteps(definitionId, Loops))).EnsureSuccessStatusCode();
        var operators = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => nodeA.CreateClientForAsync("operator")));
        var prepared = await Task.WhenAll(Enumerable.Range(0, Prepared).Select(i => StartAsync(operators[i % operators.Length], definitionId, $"KILL-P{i:D3}")));
        var reviews = (await WorkflowTables.SnapshotAsync(nodeB.Services)).Tasks.Where(t => t.ActivityId == "review").ToList();

        // The burst: every review task completed and as many new instances started, all at once against node A, which
        // is killed as soon as a few instances are seen committed half-way (Running, between two transactions).
        var answered = 0;
        var total = reviews.Count + Started;
        async Task<HttpStatusCode?> Send(Func<Task<HttpResponseMessage>> request)
        {
            try
            {
                var status = (await request()).StatusCode;
                Interlocked.Increment(ref answered);
                return status;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        var completions = reviews.Select((t, i) => Send(() => CompleteAsync(operators[i % operators.Length], t.Id, "Done"))).ToList();
        var starts = Enumerable.Range(0, Started).Select(i => Send(() => operators[i % operators.Length].PostAsJsonAsync(
            "/api/workflow-instances", new { definitionId, correlationId = $"KILL-S{i:D3}" }))).ToList();
        var watch = Stopwatch.StartNew();
        while (await RunningAsync(nodeB.Services) < 5 && Volatile.Read(ref answered) < total && watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(10);
        }

        nodeA.Kill();
        var answeredAtKill = Volatile.Read(ref answered);
        var completionResults = await Task.WhenAll(completions);
        var startResults = await Task.WhenAll(starts);
        var atKill = await WorkflowTables.SnapshotAsync(nodeB.Services);
        var runningAtKill = atKill.Instances.Count(i => i.Status == "Running");

        // Node B recovers once node A's leases have expired.
        var recovered = 0;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using (var scope = nodeB.Services.CreateAsyncScope())
            {
                recovered += await scope.ServiceProvider.GetRequiredService<WorkflowMaintenance>().RecoverStaleInstancesAsync();
            }

            if ((await WorkflowTables.SnapshotAsync(nodeB.Services)).Instances.All(i => i.Status != "Running"))
            {
                break;
            }

            await Task.Delay(500);
        }

        var after = await WorkflowTables.SnapshotAsync(nodeB.Services);
        output.WriteLine($"instances: {after.Instances.Count} ({Prepared} prepared, {after.Instances.Count - Prepared} of {Started} burst starts exist); " +
            $"burst requests {total}, answered before the kill {answeredAtKill}, in flight at the kill {total - answeredAtKill} " +
            $"(completions OK {completionResults.Count(r => r == HttpStatusCode.OK)}, starts OK {startResults.Count(r => r == HttpStatusCode.Created || r == HttpStatusCode.OK)}); " +
            $"instances left Running by the killed node {runningAtKill}; recovered by node B {recovered} in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"now waiting at review {after.Bookmarks.Count(b => b.ActivityId == "review")}, at issue {after.Bookmarks.Count(b => b.ActivityId == "issue")}");

        Assert.True(runningAtKill > 0, "the kill should have caught some instances between two transactions");
        Assert.Equal(runningAtKill, recovered);
        Assert.All(prepared, id => Assert.Contains(after.Instances, i => i.Id == id));
        Assert.All(reviews.Zip(completionResults).Where(p => p.Second == HttpStatusCode.OK), p =>
            Assert.Equal("Completed", after.Tasks.Single(t => t.Id == p.First.Id).Status));
        Assert.All(after.Instances, instance =>
        {
            var tasks = after.Tasks.Where(t => t.InstanceId == instance.Id).ToList();
            var journal = after.Journal.Where(j => j.InstanceId == instance.Id).ToList();
            var bookmark = Assert.Single(after.Bookmarks, b => b.InstanceId == instance.Id);
            var review = Assert.Single(tasks, t => t.ActivityId == "review");
            Assert.Equal(("Suspended", null), (instance.Status, instance.LeaseOwner));
            Assert.Equal(Loops, journal.Count(j => j is { ActivityId: "inc-i", Status: "Completed" }));
            Assert.Single(journal, j => j is { ActivityId: "more-i", Outcome: "False" });
            if (review.Status == "Completed")
            {
                var issue = Assert.Single(tasks, t => t.ActivityId == "issue");
                Assert.Equal(("Open", issue.BookmarkId), (issue.Status, (Guid?)bookmark.Id));
                Assert.Equal(Loops, journal.Count(j => j is { ActivityId: "inc-j", Status: "Completed" }));
                Assert.Single(journal, j => j is { ActivityId: "more-j", Outcome: "False" });
            }
            else
            {
                Assert.Equal(("Open", review.BookmarkId), (review.Status, (Guid?)bookmark.Id));
                Assert.DoesNotContain(tasks, t => t.ActivityId == "issue");
                Assert.DoesNotContain(journal, j => j.ActivityId == "inc-j");
            }
        });
    }

    private static async Task<long> RunningAsync(IServiceProvider services) =>
        Convert.ToInt64((await WorkflowTables.QueryAsync(services, """SELECT COUNT(*) AS n FROM wf_instances WHERE "Status" = 'Running'"""))[0]["n"], CultureInfo.InvariantCulture);

    /// <summary>KepOffice.Web as a real child process, so that it can be killed with SIGKILL.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _dataPath;

        private ServerProcess(Process process, string dataPath, Uri address)
        {
            _process = process;
            _dataPath = dataPath;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<ServerProcess> StartAsync(string connectionString, IDictionary<string, string?> settings)
        {
            var port = FreePort();
            var dataPath = Directory.CreateTempSubdirectory("kepoffice-node-a-").FullName;
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "KepOffice.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = dataPath,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            start.Environment["ConnectionStrings__KepOffice"] = connectionString;
            start.Environment["KepOffice__DataPath"] = dataPath;
            start.Environment["KepOffice__Admin__Password"] = KepOfficeApp.AdminPassword;
            start.Environment["KepOffice__Demo__Password"] = KepOfficeApp.DemoPassword;
            start.Environment["KepOffice__Hangfire__WorkerCount"] = "2";
            foreach (var (key, value) in settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new ServerProcess(process, dataPath, new Uri($"http://127.0.0.1:{port}"));
            using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"KepOffice.Web exited with code {process.ExitCode} before it was ready.");
                }

                try
                {
                    if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(180))
                {
                    await server.DisposeAsync();
                    throw new TimeoutException("KepOffice.Web did not become ready within 180 s.");
                }

                await Task.Delay(250);
            }
        }

        public async Task<HttpClient> CreateClientForAsync(string login)
        {
            var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
            var password = login == "admin" ? KepOfficeApp.AdminPassword : KepOfficeApp.DemoPassword;
            var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password });
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<KepOfficeApp.TokenResponse>())!.AccessToken;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        /// <summary>SIGKILL on Linux: no shutdown hooks, open transactions die with their connections.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_dataPath, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }

            return ValueTask.CompletedTask;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
