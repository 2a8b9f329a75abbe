using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KepOffice.Core.Email.Outbox;
using KepOffice.IntegrationTests.Support;
using KepOffice.IntegrationTests.WorkflowRuntime;
using KepOffice.Pki.Algorithms;
using KepOffice.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;

namespace KepOffice.IntegrationTests.Faults;

/// <summary>
/// Issuance under faults, with real processes only: a PostgreSQL cluster of the test's own, a maildev of its own and two
/// KepOffice.Web nodes (child processes on one database, one CA key folder and passphrase, Hangfire on PostgreSQL). A load
/// driver takes applications from intake with a CSR through the operator's tasks to the issued certificate over the HTTP API,
/// while one node after another is killed with SIGKILL at random moments and started again, PostgreSQL is restarted once
/// and the SMTP server is down for a while. Afterwards nothing may be lost or done twice. The number of applications is
/// KEPOFFICE_FAULTS_APPLICATIONS (default 150; the issue's full run is 500).
/// </summary>
[Collection(NodesCollection.Name)]
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    private const string KeyPassphrase = "Faults-CA-Key-Passphrase-2026";
    private static readonly string[] TaskActivities = ["check-documents", "identify", "print-act"];
    private static readonly string[] MailTemplates = ["application-received", "ready-for-identification", "certificate-issued"];

    [Fact]
    public async Task Issuance_survives_node_kills_a_database_restart_and_an_smtp_outage_without_losing_or_repeating_anything()
    {
        var count = Setting("KEPOFFICE_FAULTS_APPLICATIONS", 150);
        var drivers = Setting("KEPOFFICE_FAULTS_DRIVERS", 8);
        var outage = TimeSpan.FromSeconds(Setting("KEPOFFICE_FAULTS_SMTP_OUTAGE_SECONDS", 15));
        var run = Guid.NewGuid().ToString("N")[..8];
        var domain = $"faults-{run}.test";
        var logs = Directory.CreateDirectory(Path.Combine(TestEnvironment.Artifacts, "faults-" + run)).FullName;
        var random = new Random();
        var total = Stopwatch.StartNew();

        await using var postgres = await ThrowAwayPostgres.StartAsync();
        await postgres.ExecuteAsync("CREATE DATABASE kepoffice");
        await using var mail = new OwnMailDev(keepMail: true);
        await mail.StartAsync();
        var dataPath = Directory.CreateDirectory(Path.Combine(postgres.Folder, "nodes")).FullName; // removed with the cluster
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings:KepOffice"] = postgres.ConnectionString("kepoffice", 60),
            ["KepOffice:DataPath"] = dataPath,
            ["KepOffice:Pki:KeyPassphrase"] = KeyPassphrase,
            ["KepOffice:Admin:Password"] = KepOfficeApp.AdminPassword,
            ["KepOffice:Demo:Password"] = KepOfficeApp.DemoPassword,
            ["KepOffice:Smtp:Host"] = "127.0.0.1",
            ["KepOffice:Smtp:Port"] = mail.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["KepOffice:Smtp:Security"] = "None",
            ["KepOffice:Smtp:TimeoutSeconds"] = "10",
            ["KepOffice:Email:FirstRetryDelay"] = "00:00:02",
            ["KepOffice:Email:MaxRetryDelay"] = "00:00:05",
            ["KepOffice:Email:SendingTimeout"] = "00:00:15",
            ["KepOffice:Email:MaxAttempts"] = "100",
            ["KepOffice:Workflows:StaleInstanceTimeout"] = "00:00:05",
            ["KepOffice:Jobs:workflow-recovery:Cron"] = "*/5 * * * * *",
            ["KepOffice:Jobs:email-delivery:Cron"] = "*/5 * * * * *",
            ["KepOffice:Hangfire:LockTimeout"] = "00:00:20",
            ["KepOffice:Hangfire:WorkerCount"] = "4",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var nodeA = new WebNodeProcess("node-a", settings, logs);
        await using var nodeB = new WebNodeProcess("node-b", settings, logs);
        WebNodeProcess[] nodes = [nodeA, nodeB];
        await nodeA.StartAsync(TimeSpan.FromSeconds(120)); // the first node migrates, seeds and makes the demo CA
        await nodeB.StartAsync(TimeSpan.FromSeconds(120));

        var api = new ResilientApi([nodeA.Address, nodeB.Address], TimeSpan.FromMinutes(2));
        var operatorToken = await LoginAsync(api, "operator", KepOfficeApp.DemoPassword);
        var portalKey = await PortalKeyAsync(api);
        var csrs = Enumerable.Range(0, count).Select(i => GostCsr.Make(KeySpec.Gost256, i)).ToArray();

        // The load: drivers take applications one after another until all are issued (or one gives up).
        var results = new ApplicationRun[count];
        var next = -1;
        var finished = 0;
        var loadStartedUtc = DateTime.UtcNow;
        var load = Stopwatch.StartNew();
        var loadTask = Task.WhenAll(Enumerable.Range(0, drivers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                results[index] = await DriveAsync(api, operatorToken, portalKey, index, run, domain, csrs[index]);
                Interlocked.Increment(ref finished);
            }
        })));

        // The faults, one at a time, until the load is done: SMTP down early, PostgreSQL restarted half-way, and between
        // them a node killed with SIGKILL at a random moment and started again.
        var faults = new FaultLog();
        var smtpOutage = Task.Run(async () =>
        {
            while (!loadTask.IsCompleted && Volatile.Read(ref finished) < count / 10)
            {
                await Task.Delay(200);
            }

            await mail.StopAsync();
            faults.SmtpStoppedAt = load.Elapsed;
            await Task.Delay(outage);
            await mail.StartAsync();
            faults.SmtpStartedAt = load.Elapsed;
        });
        var postgresRestart = Task.Run(async () =>
        {
            while (!loadTask.IsCompleted && Volatile.Read(ref finished) < count * 2 / 5)
            {
                await Task.Delay(200);
            }

            var at = load.Elapsed;
            var clock = Stopwatch.StartNew();
            await postgres.RestartAsync("immediate");
            faults.PostgresRestarted = true;
            faults.PostgresRestart = $"{at.TotalSeconds,6:F1} s  PostgreSQL restarted (pg_ctl restart -m immediate, {clock.Elapsed.TotalSeconds:F1} s)";
        });
        while (!loadTask.IsCompleted)
        {
            await Task.WhenAny(loadTask, Task.Delay(TimeSpan.FromMilliseconds(random.Next(1000, 4000))));
            if (!loadTask.IsCompleted)
            {
                var victim = nodes[random.Next(nodes.Length)];
                victim.Kill();
                faults.Kills++;
                var killedAt = load.Elapsed;
                await Task.Delay(random.Next(200, 2000));
                await StartWithRetriesAsync(victim);
                faults.Events.Add($"{killedAt.TotalSeconds,6:F1} s  {victim.Name} killed (SIGKILL), up again after {(load.Elapsed - killedAt).TotalSeconds:F1} s");
            }
        }

        await loadTask;
        var loadTime = load.Elapsed;
        await smtpOutage;
        await postgresRestart;
        faults.Events.Add(faults.PostgresRestart!);
        faults.Events.Add($"{faults.SmtpStoppedAt!.Value.TotalSeconds,6:F1} s  SMTP server stopped, started again at {faults.SmtpStartedAt!.Value.TotalSeconds:F1} s");

        // Recovery: instances left executing by a killed node are picked up after StaleInstanceTimeout, and the outbox drains.
        var connection = postgres.ConnectionString("kepoffice", 4);
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(120))
        {
            var running = await ScalarAsync(connection, """SELECT COUNT(*) FROM wf_instances WHERE "Status" = 'Running'""");
            var unsent = await ScalarAsync(connection, """SELECT COUNT(*) FROM email_outbox WHERE "Status" IN ('Pending', 'Sending')""");
            if (running == 0 && unsent == 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        var settleTime = settle.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2)); // the last SMTP exchanges reach maildev's API

        // What the database says (the cluster is the test's own; names and addresses are stored encrypted, so rows are
        // matched by application number and certificate serial).
        var applications = await QueryAsync(connection, $"""
            SELECT a."Number", a."Status", a."CertificateId", a."WorkflowInstanceId", i."Status" AS "InstanceStatus"
            FROM applications a LEFT JOIN wf_instances i ON i."Id" = a."WorkflowInstanceId"
            """);
        var certificates = await QueryAsync(connection, """SELECT "Id", "ApplicationNumber", "SerialHex" FROM certificates WHERE "ApplicationNumber" IS NOT NULL""");
        var tasks = await QueryAsync(connection, """SELECT "Id", "CorrelationId", "ActivityId", "Status" FROM wf_tasks""");
        var journalRepeats = await QueryAsync(connection, """
            SELECT "InstanceId", "ActivityId", COUNT(*) AS n FROM wf_journal WHERE "Status" = 'Completed' GROUP BY 1, 2 HAVING COUNT(*) > 1
            """);
        var stuck = await QueryAsync(connection, """SELECT "Id", "CorrelationId", "Status" FROM wf_instances WHERE "Status" IN ('Running', 'Faulted')""");
        var incidents = await ScalarAsync(connection, "SELECT COUNT(*) FROM wf_incidents");
        var outbox = await QueryAsync(connection, """SELECT "Id", "TemplateId", "Correlation", "Status", "MessageId", "Attempts" FROM email_outbox""");
        var delivered = await mail.Api.MessagesToAsync(domain);
        var audit = await nodeA.RunCommandAsync("audit", "verify");

        // The figures.
        var driven = results.Count(r => r is not null);
        var completed = results.Count(r => r is { Issued: true });
        var byNumber = applications.ToDictionary(a => (string)a["Number"]!);
        var certificatesPerApplication = certificates.GroupBy(c => (string)c["ApplicationNumber"]!).ToDictionary(g => g.Key, g => g.Count());
        var twice = certificatesPerApplication.Where(p => p.Value > 1).Select(p => p.Key).ToList();
        var lostCompletions = results.Where(r => r is not null).SelectMany(r => r.CompletedTasks)
            .Where(id => !tasks.Any(t => (Guid)t["Id"]! == id && (string)t["Status"]! == "Completed")).ToList();
        var taskCounts = results.Where(r => r?.Number is not null).SelectMany(r => TaskActivities.Select(activity => (r.Number, activity,
            Completed: tasks.Count(t => (string?)t["CorrelationId"] == r.Number && (string)t["ActivityId"]! == activity && (string)t["Status"]! == "Completed"),
            Open: tasks.Count(t => (string?)t["CorrelationId"] == r.Number && (string)t["ActivityId"]! == activity && (string)t["Status"]! == "Open")))).ToList();
        var deliveredIds = delivered.GroupBy(MailDevApi.MessageId).ToDictionary(g => g.Key.Trim('<', '>'), g => g.Count());
        var undelivered = outbox.Where(o => !deliveredIds.ContainsKey((string)o["MessageId"]!)).ToList();
        var duplicateCopies = deliveredIds.Values.Sum(n => n - 1);
        var applicationOfSerial = certificates.ToDictionary(c => (string)c["SerialHex"]!, c => (string)c["ApplicationNumber"]!);
        string ApplicationOf(Dictionary<string, object?> email) => email["Correlation"] is string correlation
            ? correlation.StartsWith("certificate:", StringComparison.Ordinal) ? applicationOfSerial.GetValueOrDefault(correlation["certificate:".Length..], correlation) : correlation
            : "(none)";
        var logicalDuplicates = outbox.GroupBy(o => (ApplicationOf(o), (string)o["TemplateId"]!)).Count(g => g.Count() > 1);
        var mailsPerApplication = outbox.GroupBy(ApplicationOf).ToDictionary(g => g.Key, g => g.Select(o => (string)o["TemplateId"]!).Order().ToList());

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Fault test: {count} applications, {drivers} drivers, 2 KepOffice.Web nodes, PostgreSQL and maildev of the test's own");
        report.AppendLine(CultureInfo.InvariantCulture, $"  applications driven {driven}, issued {completed}, gave up {results.Count(r => r is { Issued: false })}");
        report.AppendLine(CultureInfo.InvariantCulture, $"  load {loadTime.TotalSeconds:F1} s ({completed / loadTime.TotalSeconds:F2} issuances/s), recovery and outbox drain {settleTime.TotalSeconds:F1} s, whole test {total.Elapsed.TotalSeconds:F1} s");
        report.AppendLine(CultureInfo.InvariantCulture, $"  faults: {faults.Kills} SIGKILLs, PostgreSQL restarts {(faults.PostgresRestarted ? 1 : 0)}, SMTP outage {((faults.SmtpStartedAt ?? TimeSpan.Zero) - (faults.SmtpStoppedAt ?? TimeSpan.Zero)).TotalSeconds:F1} s");
        report.AppendLine(CultureInfo.InvariantCulture, $"  HTTP calls {api.Calls}, retried after a refused connection/timeout/5xx/429 {api.Retries}, completions answered 409 after a retry {results.Sum(r => r?.AlreadyDone ?? 0)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"  instances Running/Faulted after recovery {stuck.Count}, incidents {incidents}, activities journaled Completed twice {journalRepeats.Count}");
        report.AppendLine(CultureInfo.InvariantCulture, $"  certificates {certificates.Count}, applications with two certificates {twice.Count}, task completions lost {lostCompletions.Count}, tasks completed twice {taskCounts.Count(t => t.Completed > 1)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"  e-mails queued {outbox.Count}, delivered (distinct Message-Id) {deliveredIds.Count}, undelivered {undelivered.Count}, extra copies of one Message-Id {duplicateCopies}, one event queued twice {logicalDuplicates}");
        foreach (var copies in delivered.GroupBy(MailDevApi.MessageId).Where(g => g.Count() > 1).Take(10))
        {
            // When maildev received each copy, on the clock of the fault events below: which fault caused the repeat.
            var times = copies.Select(m => m.TryGetProperty("time", out var t) && t.TryGetDateTime(out var at) ? $"{(at.ToUniversalTime() - loadStartedUtc).TotalSeconds:F1} s" : "?");
            report.AppendLine(CultureInfo.InvariantCulture, $"    copies of one Message-Id received at {string.Join(", ", times)}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"  audit verify: exit {audit.ExitCode}: {audit.Output.Trim()}");
        foreach (var line in faults.Events)
        {
            report.AppendLine("  " + line);
        }

        foreach (var problem in results.Where(r => r is { Issued: false }).Take(10))
        {
            var row = problem.Number is not null && byNumber.TryGetValue(problem.Number, out var found) ? found : null;
            var itsTasks = string.Join(", ", tasks.Where(t => (string?)t["CorrelationId"] == problem.Number).Select(t => $"{t["ActivityId"]}:{t["Status"]}"));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"  gave up: {problem.Number ?? "(no number)"}: {problem.Problem}; application {row?["Status"]}, process {row?["WorkflowInstanceId"] ?? "none"} {row?["InstanceStatus"]}, tasks [{itsTasks}]");
        }

        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(logs, "figures.txt"), report.ToString());

        // Nothing lost, nothing done twice.
        Assert.Equal(count, driven);
        Assert.Equal(count, completed);
        Assert.True(faults.Kills > 0 && faults.PostgresRestarted && faults.SmtpStartedAt is not null, "every fault should have been injected");
        Assert.Empty(stuck);
        Assert.Equal(0, incidents);
        Assert.Empty(journalRepeats);
        Assert.All(results, r =>
        {
            var row = byNumber[r.Number!];
            Assert.Equal(("Completed", "Finished"), ((string)row["Status"]!, (string?)row["InstanceStatus"]));
            Assert.NotNull(row["CertificateId"]);
        });
        Assert.Empty(twice);
        Assert.Equal(count, certificatesPerApplication.Count(p => byNumber.ContainsKey(p.Key)));
        Assert.Empty(lostCompletions);
        Assert.All(taskCounts, t => Assert.Equal((1, 0), (t.Completed, t.Open)));
        Assert.Equal(0, logicalDuplicates);
        Assert.All(results, r => Assert.Equal(MailTemplates.Order(), mailsPerApplication.GetValueOrDefault(r.Number!, [])));
        Assert.All(outbox, o => Assert.Equal("Sent", (string)o["Status"]!));
        Assert.Empty(undelivered);
        // Exactly once per Message-Id, with one allowance: SMTP has no idempotency, so a node killed between maildev's
        // "250 OK" and the outbox's "sent" record sends that message again after the lease, under the same Message-Id (a
        // receiver that deduplicates by Message-Id sees it once). The outbox lets at most MaxUnrecordedSends messages be
        // without a record at any moment, so each kill can cause at most that many copies.
        Assert.True(duplicateCopies <= faults.Kills * EmailOutbox.MaxUnrecordedSends, $"{duplicateCopies} copies re-sent under an existing Message-Id after {faults.Kills} kills");
        Assert.True(audit.ExitCode == 0, audit.Output);
    }

    /// <summary>
    /// One application from intake to the issued certificate. Each round reads the application's tasks and does what is
    /// open, so a request whose answer was lost (the node died after committing) is simply found done on the next round.
    /// </summary>
    private static async Task<ApplicationRun> DriveAsync(ResilientApi api, AuthenticationHeaderValue operatorToken, string portalKey, int index,
        string run, string domain, byte[] csr)
    {
        var result = new ApplicationRun { Email = $"applicant{index}@{domain}" };
        try
        {
            var (status, body, _) = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/intake/applications")
            {
                Content = Form(csr, result.Email),
                Headers = { { "Idempotency-Key", $"faults-{run}-{index}" } },
            }, apiKey: portalKey);
            if (status is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                return result.Fail($"intake answered {(int)status}: {body}");
            }

            result.Number = ResilientApi.Json(body).GetProperty("number").GetString()!;
            var paid = false;
            var lastProgress = Stopwatch.StartNew();
            while (lastProgress.Elapsed < TimeSpan.FromSeconds(90))
            {
                var (listed, list, _) = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get,
                    $"/api/tasks?filter=all&includeClosed=true&take=50&search={Uri.EscapeDataString(result.Number)}"), operatorToken);
                if (listed != HttpStatusCode.OK)
                {
                    return result.Fail($"task list answered {(int)listed}: {list}");
                }

                var tasks = ResilientApi.Json(list).GetProperty("items").EnumerateArray()
                    .Where(t => t.GetProperty("correlationId").GetString() == result.Number)
                    .Select(t => (Id: t.GetProperty("id").GetGuid(), Activity: t.GetProperty("activityId").GetString()!, Status: t.GetProperty("status").GetString()!))
                    .ToList();
                if (tasks.Any(t => t is { Activity: "print-act", Status: "Completed" }))
                {
                    result.Issued = true;
                    return result;
                }

                var open = tasks.Where(t => t.Status == "Open").ToList();
                var progressed = true;
                if (open.FirstOrDefault(t => t.Activity == "check-documents") is { Id: var check } && check != Guid.Empty)
                {
                    await CompleteAsync(api, operatorToken, result, check, new { outcome = "Approve" });
                }
                else if (open.FirstOrDefault(t => t.Activity == "identify") is { Id: var identify } && identify != Guid.Empty)
                {
                    await CompleteAsync(api, operatorToken, result, identify, new { outcome = "Identified", data = new { method = "InPerson", document = "паспорт РФ" } });
                }
                else if (open.FirstOrDefault(t => t.Activity == "print-act") is { Id: var act } && act != Guid.Empty)
                {
                    var (actStatus, _, type) = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{result.Number}/act"), operatorToken);
                    if (actStatus != HttpStatusCode.OK || type != "application/pdf")
                    {
                        return result.Fail($"act answered {(int)actStatus} {type}");
                    }

                    await CompleteAsync(api, operatorToken, result, act, new { outcome = "Signed" });
                }
                else if (!paid && open.Any(t => t.Activity == "mark-payment"))
                {
                    var (payment, paymentBody, _) = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/intake/applications/{result.Number}/payment"), apiKey: portalKey);
                    if (payment != HttpStatusCode.OK)
                    {
                        return result.Fail($"payment answered {(int)payment}: {paymentBody}");
                    }

                    paid = true;
                }
                else
                {
                    progressed = false; // the process is between two steps, or waits for recovery after a kill
                    await Task.Delay(250);
                }

                if (progressed)
                {
                    lastProgress.Restart();
                }

                if (result.Problem is not null)
                {
                    return result;
                }
            }

            return result.Fail("no progress for 90 s");
        }
        catch (Exception e) when (e is TimeoutException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return result.Fail(e.GetType().Name + ": " + e.Message);
        }
    }

    private static async Task CompleteAsync(ResilientApi api, AuthenticationHeaderValue operatorToken, ApplicationRun result, Guid task, object body)
    {
        var (status, answer, _) = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{task}/complete") { Content = JsonContent.Create(body) }, operatorToken);
        switch (status)
        {
            case HttpStatusCode.OK:
                result.CompletedTasks.Add(task);
                break;
            case HttpStatusCode.Conflict:
                // Completed by an earlier attempt whose answer was lost; the database check confirms it was done once.
                result.AlreadyDone++;
                result.CompletedTasks.Add(task);
                break;
            default:
                result.Fail($"completing {task} answered {(int)status}: {answer}");
                break;
        }
    }

    private static async Task StartWithRetriesAsync(WebNodeProcess node)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await node.StartAsync(TimeSpan.FromSeconds(90));
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Start-up failed (e.g. the database was restarting): try again.
                node.Kill();
                await Task.Delay(1000);
            }
        }
    }

    private static async Task<AuthenticationHeaderValue> LoginAsync(ResilientApi api, string login, string password)
    {
        var (status, body, _) = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { login, password }) });
        Assert.Equal(HttpStatusCode.OK, status);
        return new AuthenticationHeaderValue("Bearer", ResilientApi.Json(body).GetProperty("accessToken").GetString());
    }

    private static async Task<string> PortalKeyAsync(ResilientApi api)
    {
        var admin = await LoginAsync(api, "admin", KepOfficeApp.AdminPassword);
        var (status, body, _) = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/admin/intake-clients")
        {
            Content = JsonContent.Create(new { name = "Портал (испытание отказов)" }),
        }, admin);
        Assert.Equal(HttpStatusCode.Created, status);
        return ResilientApi.Json(body).GetProperty("apiKey").GetString()!;
    }

    private static MultipartFormDataContent Form(byte[] csr, string email)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in new (string, string)[]
                 {
                     ("surname", "Иванов"), ("givenName", "Иван"), ("patronymic", "Иванович"), ("birthDate", "1985-04-12"),
                     ("passportSeries", "4510"), ("passportNumber", "123456"), ("passportIssuedOn", "2010-05-20"),
                     ("passportIssuer", "ОВД района Тверской г. Москвы"), ("passportUnitCode", "770-001"), ("snils", "11223344595"),
                     ("inn", "500100732259"), ("email", email), ("phone", "+7 900 123-45-67"), ("validityMonths", "15"), ("keyMode", "csr"),
                 })
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(Part(csr, "application/pkcs10"), "csr", "request.der");
        form.Add(Part(Issuance.IssuanceDriver.Jpeg, "image/jpeg"), "passportMainScan", "passport.jpg");
        form.Add(Part(Issuance.IssuanceDriver.Png, "image/png"), "passportRegistrationScan", "registration.png");
        form.Add(Part(Issuance.IssuanceDriver.Pdf, "application/pdf"), "snilsScan", "snils.pdf");
        return form;
    }

    private static ByteArrayContent Part(byte[] content, string type)
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        return part;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (NpgsqlException)
        {
            return -1; // PostgreSQL was just restarted and the pooled connection was cut: ask again
        }
    }

    private static async Task<List<Dictionary<string, object?>>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>What happened to one application in the driver's eyes.</summary>
    private sealed class ApplicationRun
    {
        public required string Email { get; init; }

        public string? Number { get; set; }

        public bool Issued { get; set; }

        public string? Problem { get; private set; }

        public int AlreadyDone { get; set; }

        public List<Guid> CompletedTasks { get; } = [];

        public ApplicationRun Fail(string problem)
        {
            Problem ??= problem;
            return this;
        }
    }

    private sealed class FaultLog
    {
        public int Kills { get; set; }

        public bool PostgresRestarted { get; set; }

        public string? PostgresRestart { get; set; }

        public TimeSpan? SmtpStoppedAt { get; set; }

        public TimeSpan? SmtpStartedAt { get; set; }

        public List<string> Events { get; } = [];
    }
}
