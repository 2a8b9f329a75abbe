using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using KepOffice.Pki.Algorithms;
using Npgsql;

namespace KepOffice.Benchmarks;

/// <summary>
/// The whole issuance process through the HTTP API of a real KepOffice server (the Release build of src/KepOffice.Web,
/// started here as a child process on PostgreSQL and the test SMTP server): the portal submits an application with a GOST
/// CSR and scans, a driver does the operator's steps (document check, payment, identification in person, the act PDF,
/// «signed»), and an application counts when its certificate is issued. Printed: applications per second from intake to
/// issued certificate, the duration of one application, and the server's and PostgreSQL's CPU per application.
/// </summary>
internal static class WholeProcessBenchmark
{
    private const string DemoPassword = "Bench-Demo-2026";
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D];
    private static readonly byte[] Pdf = "%PDF-1.4\n%bench\n"u8.ToArray();

    public static async Task RunAsync(bool quick)
    {
        var count = quick ? 40 : 200;
        const int drivers = 8;
        Results.Header($"Whole issuance process through the HTTP API ({count} applications, {drivers} concurrent drivers, PostgreSQL)");
        var adminConnection = Environment.GetEnvironmentVariable("KEPOFFICE_TEST_PG")!;
        var database = "kep_process_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(adminConnection, $"CREATE DATABASE \"{database}\"");
        var dataPath = Directory.CreateTempSubdirectory("kepoffice-process-bench-").FullName;
        var port = FreePort();
        using var server = StartServer(new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString, dataPath, port);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            await WaitUntilUpAsync(http, server);
            var driver = new Driver(http, await LoginAsync(http, "operator"), await PortalKeyAsync(http));
            var csrs = Enumerable.Range(0, count + 8).Select(i => IssuanceBenchmark.MakeCsr(KeySpec.Gost256, i)).ToArray(); // made before the clock starts

            for (var i = 0; i < 8; i++)
            {
                await driver.IssueAsync(csrs[count + i]); // warm-up: JIT, pools, the first CRL
            }

            var next = -1;
            var durations = new TimeSpan[count];
            var serverCpu = server.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, drivers).Select(_ => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < count)
                {
                    var started = Stopwatch.GetTimestamp();
                    await driver.IssueAsync(csrs[index]);
                    durations[index] = Stopwatch.GetElapsedTime(started);
                }
            })));
            var elapsed = clock.Elapsed;
            server.Refresh();
            serverCpu = server.TotalProcessorTime - serverCpu;
            Array.Sort(durations);

            Results.Line("applications from intake to issued certificate", Results.Rate(count / elapsed.TotalSeconds));
            Results.Line("one application, p50 / p95", $"{Ms(durations[count / 2])} / {Ms(durations[(int)Math.Ceiling(count * 0.95) - 1])}");
            Results.Line("HTTP calls per application", driver.CallsPerApplication.ToString(CultureInfo.InvariantCulture));
            Results.Line("server CPU per application", Ms(serverCpu / count));
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(adminConnection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            Directory.Delete(dataPath, true);
        }
    }

    /// <summary>What the server wrote (warnings and errors), for when a call fails.</summary>
    private static string ServerLog => Path.Combine(Path.GetTempPath(), "kepoffice-process-benchmark-server.log");

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture) + " ms";

    private static Process StartServer(string connectionString, string dataPath, int port)
    {
        var web = FindWebAssembly();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(web)! };
        start.ArgumentList.Add(web);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__KepOffice"] = connectionString;
        start.Environment["KepOffice__DataPath"] = dataPath;
        start.Environment["KepOffice__Admin__Password"] = DemoPassword;
        start.Environment["KepOffice__Demo__Password"] = DemoPassword;
        start.Environment["KepOffice__Smtp__Host"] = Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_HOST");
        start.Environment["KepOffice__Smtp__Port"] = Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_PORT");
        start.Environment["KepOffice__Smtp__Security"] = "None";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("KepOffice.Web did not start");
        var log = TextWriter.Synchronized(new StreamWriter(ServerLog, append: false) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => log.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The Release build of the web host next to this benchmark in the repository.</summary>
    private static string FindWebAssembly()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "KepOffice.Web", "bin", "Release", "net10.0", "KepOffice.Web.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Build src/KepOffice.Web in Release first (dotnet build KepOffice.sln -c Release).");
    }

    private static async Task WaitUntilUpAsync(HttpClient http, Process server)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/api/ca");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (server.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("KepOffice.Web did not come up for the benchmark.");
            }

            await Task.Delay(250);
        }
    }

    private static async Task<AuthenticationHeaderValue> LoginAsync(HttpClient http, string login)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { login, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        return new AuthenticationHeaderValue("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
    }

    private static async Task<string> PortalKeyAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/intake-clients") { Content = JsonContent.Create(new { name = "Портал (нагрузочный тест)" }) };
        request.Headers.Authorization = await LoginAsync(http, "admin");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The portal and an operator, as HTTP calls.</summary>
    private sealed class Driver(HttpClient http, AuthenticationHeaderValue operatorToken, string portalKey)
    {
        private long _calls;
        private long _applications;

        public double CallsPerApplication => Math.Round((double)Interlocked.Read(ref _calls) / Interlocked.Read(ref _applications), 1);

        public async Task IssueAsync(byte[] csr)
        {
            var number = await SubmitAsync(csr);
            await CompleteAsync(number, "check-documents", "Approve", null);
            await SendAsync(HttpMethod.Post, $"/api/intake/applications/{number}/payment", null, portal: true);
            await CompleteAsync(number, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
            using (var act = await SendAsync(HttpMethod.Get, $"/api/applications/{number}/act", null))
            {
                if (act.Content.Headers.ContentType?.MediaType != "application/pdf")
                {
                    throw new InvalidOperationException("The act is not a PDF.");
                }
            }

            await CompleteAsync(number, "print-act", "Signed", null);
            Interlocked.Increment(ref _applications);
        }

        private async Task<string> SubmitAsync(byte[] csr)
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, value) in new (string, string)[]
                     {
                         ("surname", "Иванов"), ("givenName", "Иван"), ("patronymic", "Иванович"), ("birthDate", "1985-04-12"),
                         ("passportSeries", "4510"), ("passportNumber", "123456"), ("passportIssuedOn", "2010-05-20"),
                         ("passportIssuer", "ОВД района Тверской г. Москвы"), ("passportUnitCode", "770-001"), ("snils", "11223344595"),
                         ("inn", "500100732259"), ("email", "bench@example.test"), ("phone", "+7 900 123-45-67"), ("validityMonths", "15"),
                         ("keyMode", "csr"),
                     })
            {
                form.Add(new StringContent(value), name);
            }

            form.Add(File(csr, "application/pkcs10"), "csr", "request.der");
            form.Add(File(Jpeg, "image/jpeg"), "passportMainScan", "passport.jpg");
            form.Add(File(Png, "image/png"), "passportRegistrationScan", "registration.png");
            form.Add(File(Pdf, "application/pdf"), "snilsScan", "snils.pdf");
            using var response = await SendAsync(HttpMethod.Post, "/api/intake/applications", form, portal: true);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        }

        private async Task CompleteAsync(string number, string activityId, string outcome, object? data)
        {
            using var list = await SendAsync(HttpMethod.Get, $"/api/tasks?filter=roles&search={Uri.EscapeDataString(number)}", null);
            var task = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
                .Single(t => t.GetProperty("activityId").GetString() == activityId);
            using var done = await SendAsync(HttpMethod.Post, $"/api/tasks/{task.GetProperty("id").GetGuid()}/complete", JsonContent.Create(new { outcome, data }));
        }

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, bool portal = false)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            if (portal)
            {
                request.Headers.Add("X-Api-Key", portalKey);
            }
            else
            {
                request.Headers.Authorization = operatorToken;
            }

            Interlocked.Increment(ref _calls);
            var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()} (server log: {ServerLog})");
            }

            return response;
        }

        private static ByteArrayContent File(byte[] content, string type)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            return file;
        }
    }
}
