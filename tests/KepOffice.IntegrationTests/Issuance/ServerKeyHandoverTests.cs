using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static KepOffice.IntegrationTests.Issuance.IssuanceDriver;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Issuance;

[Collection(SharedAppsCollection.Name)]
public sealed class ServerKeyHandoverTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Server_key_is_handed_over_once_as_a_pkcs12_under_the_pin_and_the_pin_is_stored_nowhere(DatabaseProvider provider)
    {
        var logs = new CapturingLoggerProvider();
        using var app = new KepOfficeApp(provider, new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
            },
            services => services.AddSingleton<ILoggerProvider>(logs));
        var portal = await PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);
        var pin = $"Pin7{Guid.NewGuid():N}"[..16];

        var submitted = await portal.PostAsync("/api/intake/applications", ServerKeyApplication());
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await InstanceOfAsync(app, number);
        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Approve");
        await portal.PostAsync($"/api/intake/applications/{number}/payment", null);
        await CompleteOnlyTaskAsync(operatorClient, instance, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
        var handoverTask = Assert.Single(await OpenTasksAsync(operatorClient, instance));
        Assert.Equal("hand-over-key", handoverTask.GetProperty("activityId").GetString());
        var url = $"/api/tasks/{handoverTask.GetProperty("id").GetGuid()}/key-handover";

        // Every refusal is answered before anything is issued or completed.
        var tooShort = await operatorClient.PostAsJsonAsync(url, new { pin = "Ab1", pinRepeat = "Ab1" });
        var noDigits = await operatorClient.PostAsJsonAsync(url, new { pin = "abcdefghij", pinRepeat = "abcdefghij" });
        var mismatch = await operatorClient.PostAsJsonAsync(url, new { pin, pinRepeat = pin + "x" });
        var byAuditor = await auditor.PostAsJsonAsync(url, new { pin, pinRepeat = pin });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("не менее 8 символов", await tooShort.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noDigits.StatusCode);
        Assert.Contains("и буквы, и цифры", await noDigits.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("PIN-коды не совпадают", (await mismatch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("pinRepeat")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        Assert.Equal("hand-over-key", Assert.Single(await OpenTasksAsync(operatorClient, instance)).GetProperty("activityId").GetString());
        Assert.Equal(0, await CertificatesOfAsync(app, number));

        var handedOver = await operatorClient.PostAsJsonAsync(url, new { pin, pinRepeat = pin });
        Assert.True(handedOver.StatusCode == HttpStatusCode.OK, await handedOver.Content.ReadAsStringAsync());
        var pkcs12 = await handedOver.Content.ReadAsByteArrayAsync();
        var again = await operatorClient.PostAsJsonAsync(url, new { pin, pinRepeat = pin });
        var actTask = Assert.Single(await OpenTasksAsync(operatorClient, instance));
        var onActTask = await operatorClient.PostAsJsonAsync($"/api/tasks/{actTask.GetProperty("id").GetGuid()}/key-handover", new { pin, pinRepeat = pin });

        Assert.Equal("application/x-pkcs12", handedOver.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"kep-{number}.p12", handedOver.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("no-store", handedOver.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, onActTask.StatusCode);
        Assert.Equal("print-act", actTask.GetProperty("activityId").GetString());
        Assert.Equal(1, await CertificatesOfAsync(app, number));

        // The real openssl with the GOST engine opens the file with the PIN (and not without it); the key matches the certificate.
        var folder = Directory.CreateTempSubdirectory("kepoffice-p12-").FullName;
        var p12File = Path.Combine(folder, "kep.p12");
        await File.WriteAllBytesAsync(p12File, pkcs12);
        var keyFile = Path.Combine(folder, "key.pem");
        var certFile = Path.Combine(folder, "cert.pem");
        var key = await OpenSsl.RunAsync("pkcs12", "-in", p12File, "-passin", $"pass:{pin}", "-nocerts", "-nodes", "-out", keyFile);
        var cert = await OpenSsl.RunAsync("pkcs12", "-in", p12File, "-passin", $"pass:{pin}", "-clcerts", "-nokeys", "-out", certFile);
        var wrongPin = await OpenSsl.RunAsync("pkcs12", "-in", p12File, "-passin", "pass:Wrong1234", "-nodes", "-noout");
        Assert.True(key.ExitCode == 0, key.Output);
        Assert.True(cert.ExitCode == 0, cert.Output);
        Assert.NotEqual(0, wrongPin.ExitCode);
        var keyPublic = await OpenSsl.RunAsync("pkey", "-in", keyFile, "-pubout");
        var certPublic = await OpenSsl.RunAsync("x509", "-in", certFile, "-noout", "-pubkey");
        var certText = await OpenSsl.RunAsync("x509", "-in", certFile, "-noout", "-serial", "-text");
        Assert.True(keyPublic.ExitCode == 0, keyPublic.Output);
        Assert.Contains("BEGIN PUBLIC KEY", keyPublic.Output);
        Assert.Equal(keyPublic.Output, certPublic.Output);

        await CompleteOnlyTaskAsync(operatorClient, instance, "print-act", "Signed");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
            var application = await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Number == number);
            var certificate = await db.Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.ApplicationNumber == number);
            var issuedMail = await db.Set<OutboxEmail>().AsNoTracking().SingleAsync(e => e.Correlation == number && e.TemplateId == "certificate-issued");
            Assert.Equal(KeyMode.ServerGenerated, application.KeyMode);
            Assert.Equal(ApplicationStatus.Completed, application.Status);
            Assert.Null(application.CsrDer);
            Assert.Contains(certificate.SerialHex.ToUpperInvariant(), certText.Output.ToUpperInvariant());
            Assert.Contains(Snils, certText.Output);
            // IdentificationKind = 0 (in person), as PROFILE.md gives its DER.
            Assert.Contains("300C06052A8503647204030201 00".Replace(" ", ""), Convert.ToHexString(certificate.Der));
            Assert.Contains("PKCS#12", issuedMail.TextBody);
            Assert.Contains("не хранит", issuedMail.TextBody);
            Assert.Equal("Finished", (await InstanceAsync(operatorClient, instance)).GetProperty("summary").GetProperty("status").GetString());

            // The PIN is nowhere: not in any table (workflow state, journal, tasks, applications, outbox, audit…), not in any log line.
            Assert.Empty(await RowsContainingAsync(db, pin, app));
            Assert.NotEmpty(await RowsContainingAsync(db, number, app)); // the search does find what is stored
        }

        Assert.DoesNotContain(logs.Lines, line => line.Contains(pin, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("key-handover", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains($"handed over for application {number}", StringComparison.Ordinal));
    }

    [Theory, BothProviders]
    public async Task Server_key_application_with_a_csr_attached_is_refused_and_nothing_is_created(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var portal = await PortalClientAsync(app);
        var form = ServerKeyApplication(await GostCsrAsync());

        var response = await portal.PostAsync("/api/intake/applications", form);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("keyMode=server", problem.GetProperty("errors").GetProperty("csr")[0].GetString());
    }

    private static MultipartFormDataContent ServerKeyApplication(byte[]? csr = null)
    {
        var form = Application(csr);
        var keyMode = form.Single(p => p.Headers.ContentDisposition?.Name?.Trim('"') == "keyMode");
        form.Add(new StringContent("server"), "keyMode");
        var rebuilt = new MultipartFormDataContent();
        foreach (var part in form.Where(p => p != keyMode))
        {
            rebuilt.Add(part);
        }

        return rebuilt;
    }

    private static async Task<int> CertificatesOfAsync(KepOfficeApp app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        return await db.Set<CertificateRecord>().CountAsync(c => c.ApplicationNumber == number);
    }

    /// <summary>
    /// Every table as text on PostgreSQL (bytea as hex, so the UTF-8 PIN is looked for in hex as well); on SQLite the database
    /// files themselves, and on both every file under the data folder.
    /// </summary>
    private static async Task<List<string>> RowsContainingAsync(KepOfficeDbContext db, string pin, KepOfficeApp app)
    {
        var found = new List<string>();
        var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(pin)).ToLowerInvariant();
        if (app.Provider == DatabaseProvider.PostgreSql)
        {
            var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS \"Value\" FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").ToListAsync();
            Assert.Contains("public.applications", tables);
            foreach (var table in tables)
            {
                // The name comes from pg_tables through quote_ident; the values are parameters.
                var sql = "SELECT count(*)::int AS \"Value\" FROM " + table + " t WHERE t::text LIKE {0} OR t::text LIKE {1}";
                var hits = await db.Database.SqlQueryRaw<int>(sql, "%" + pin + "%", "%" + hex + "%").SingleAsync();
                if (hits > 0)
                {
                    found.Add(table);
                }
            }
        }

        var utf8 = Encoding.UTF8.GetBytes(pin);
        var utf16 = Encoding.Unicode.GetBytes(pin);
        foreach (var file in Directory.EnumerateFiles(app.DataPath, "*", SearchOption.AllDirectories))
        {
            byte[] content;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var memory = new MemoryStream())
            {
                await stream.CopyToAsync(memory);
                content = memory.ToArray();
            }

            if (content.AsSpan().IndexOf(utf8) >= 0 || content.AsSpan().IndexOf(utf16) >= 0)
            {
                found.Add(file);
            }
        }

        return found;
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
