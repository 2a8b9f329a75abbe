using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using KepOffice.IntegrationTests.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KepOffice.IntegrationTests.Trust;

/// <summary>
/// The bad-input corpus: every endpoint that takes input from outside — intake and resubmission, payment, CDP/AIA, the
/// login API and form, task claim, completion and key hand-over, stimuli, workflow import and draft save, verification,
/// revocation requests and the register export filters, among others — is fed malformed JSON, wrong types, missing and
/// extra fields, oversized bodies and values, wrong content types, SQL and script payloads, invalid Unicode (lone
/// surrogates, overlong UTF-8), nulls and huge numbers. Each answer must be a 4xx problem (application/problem+json with a
/// Russian title and detail), never a 5xx, and no table may gain or lose a row (refused sign-ins are audited by design).
/// Runs on real Kestrel so that the server's own body-size limit applies.
/// </summary>
public sealed partial class BadInputCorpusTests(ITestOutputHelper output)
{
    private const string Sql = "'; DROP TABLE applications; --";
    private const string Script = "<script>alert('x')</script>";

    private sealed record Case(string Endpoint, string Kind, Func<HttpRequestMessage> Request, HttpClient Client, bool Legitimate = false);

    [Theory, BothProviders]
    public async Task Every_input_endpoint_refuses_bad_input_with_a_russian_problem_and_stores_nothing(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider).OnKestrel();
        var admin = await app.CreateAdminClientAsync();
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var anonymous = app.CreateApiClient();
        var portal = await IssuanceDriver.PortalClientAsync(app);

        // One real application with an open task: the corpus aims at real objects, so "nothing changed" means something.
        var submitted = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(await IssuanceDriver.GostCsrAsync()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await IssuanceDriver.InstanceOfAsync(app, number);
        var task = Assert.Single(await WorkflowApiClient.OpenTasksAsync(operatorClient, instance)).GetProperty("id").GetGuid();
        var caId = (await anonymous.GetFromJsonAsync<JsonElement>("/api/ca")).EnumerateArray().First().GetProperty("id").GetString()!;
        var definition = await manager.GetStringAsync("/api/workflow-definitions/kep-issuance/export");

        var cases = new List<Case>();
        void Json(string endpoint, HttpClient client, HttpMethod method, string path, string template) =>
            cases.AddRange(JsonCases(template).Select(c => new Case(endpoint, c.Kind, () => c.Build(method, path), client)));

        Json("login API", anonymous, HttpMethod.Post, "/api/auth/login", """{"login":"nobody-here","password":"Wrong-Password-1"}""");
        Json("task complete", operatorClient, HttpMethod.Post, $"/api/tasks/{task}/complete", """{"outcome":"NoSuchOutcome","data":{"reason":"x"}}""");
        Json("key hand-over", operatorClient, HttpMethod.Post, $"/api/tasks/{task}/key-handover", """{"pin":"Abcdef12","pinRepeat":"Abcdef12"}""");
        Json("task reassign", manager, HttpMethod.Post, $"/api/tasks/{Guid.NewGuid()}/reassign", """{"assigneeId":"no-such-user"}""");
        Json("stimuli", operatorClient, HttpMethod.Post, "/api/stimuli", """{"name":"no such stimulus","correlationId":"2026-999999","payload":{"a":1}}""");
        Json("revocation request", operatorClient, HttpMethod.Post, "/api/certificates/0A1B2C3D/revocation-requests", """{"reason":"keyCompromise","comment":"x"}""");
        Json("revoke", manager, HttpMethod.Post, "/api/certificates/0A1B2C3D/revoke", """{"reason":"keyCompromise","comment":"x"}""");
        Json("instance start", operatorClient, HttpMethod.Post, "/api/workflow-instances", """{"definitionId":"no-such-process","correlationId":"x","input":{},"version":1}""");
        Json("user create", admin, HttpMethod.Post, "/api/admin/users", """{"login":"","displayName":"x","password":"short","roles":["Operator"]}""");
        Json("intake client create", admin, HttpMethod.Post, "/api/admin/intake-clients", """{"name":""}""");
        Json("definition import", manager, HttpMethod.Post, "/api/workflow-definitions/import", """{"id":"bad id","name":"","activities":[],"connections":[]}""");
        Json("definition draft", manager, HttpMethod.Put, "/api/workflow-definitions/kep-issuance/draft", """{"id":"kep-issuance","name":"","activities":[],"connections":[]}""");

        // A real definition with one token broken: the parser's position, not a 500.
        cases.Add(new("definition import", "broken real definition", () => Body(HttpMethod.Post, "/api/workflow-definitions/import", definition.Replace("\"activities\"", "\"activities\" ::"), "application/json"), manager));

        cases.AddRange(MultipartCases("intake submission", portal, "/api/intake/applications", await IssuanceDriver.GostCsrAsync()));
        cases.AddRange(MultipartCases("intake resubmission", portal, $"/api/intake/applications/{number}/documents", null));
        cases.AddRange(MultipartCases("verification", operatorClient, "/api/verify", null));
        cases.AddRange(MultipartCases("signed act", operatorClient, $"/api/applications/{number}/signed-act", null));
        foreach (var bad in PathValues())
        {
            cases.Add(new("intake payment", $"number {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/intake/applications/{bad.Value}/payment"), portal));
            cases.Add(new("CDP", $"ca {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/cdp/{bad.Value}.crl"), anonymous));
            cases.Add(new("AIA", $"ca {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/aia/{bad.Value}.cer"), anonymous));
            cases.Add(new("task claim", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{bad.Value}/claim"), operatorClient));
            cases.Add(new("scan", $"number {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{bad.Value}/documents/{Guid.NewGuid()}"), operatorClient));
            cases.Add(new("certificate file", $"serial {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/certificates/{bad.Value}.pem"), operatorClient));
            cases.Add(new("revocation request", $"serial {bad.Kind}", () => Body(HttpMethod.Post, $"/api/certificates/{bad.Value}/revocation-requests", """{"reason":"keyCompromise"}""", "application/json"), operatorClient));
            cases.Add(new("definition versions", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/{bad.Value}/versions"), manager));
        }

        foreach (var (name, value) in new[] { ("status", "Valid"), ("expiringWithinDays", "30"), ("search", "x") })
        {
            foreach (var bad in QueryValues())
            {
                // An empty filter is no filter; digits and a minus sign are what a serial or a СНИЛС is searched by.
                var legitimate = bad.Kind == "empty" || (name == "search" && bad.Kind is "huge number" or "negative");
                cases.Add(new("register export", $"{name} {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/certificates/register/export.csv?{name}={bad.Value}"), manager, legitimate));
            }
        }

        foreach (var bad in QueryValues().Where(v => v.Kind != "empty"))
        {
            cases.Add(new("task list", $"filter {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/tasks?filter={bad.Value}"), operatorClient));
            // Paging is clamped to 1–500 by design: a negative page size is read as the smallest.
            cases.Add(new("task list", $"take {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/tasks?take={bad.Value}"), operatorClient, bad.Kind == "negative"));
            // Free-text filters: SQL or markup is only searched for (parameterised), invalid UTF-8 stays percent-encoded text;
            // a NUL is refused, since PostgreSQL would refuse it.
            cases.Add(new("task list", $"search {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/tasks?search={bad.Value}"), operatorClient, bad.Kind != "NUL"));
            cases.Add(new("instance list", $"correlationId {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-instances?correlationId={bad.Value}"), operatorClient,
                bad.Kind != "NUL"));
            cases.Add(new("instance list", $"status {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-instances?status={bad.Value}"), operatorClient));
        }

        var before = await SnapshotAsync(app);
        var problems = new List<string>();
        var tally = new SortedDictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            using var request = c.Request();
            int status;
            string body, contentType;
            try
            {
                using var response = await c.Client.SendAsync(request);
                status = (int)response.StatusCode;
                contentType = response.Content.Headers.ContentType?.MediaType ?? "";
                body = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException ex)
            {
                problems.Add($"{c.Endpoint} / {c.Kind}: the connection failed ({ex.Message})");
                continue;
            }

            var counts = tally.TryGetValue(c.Endpoint, out var t) ? t : tally[c.Endpoint] = new SortedDictionary<int, int>();
            counts[status] = counts.GetValueOrDefault(status) + 1;
            var problem = c.Legitimate
                ? status is >= 200 and < 300 ? null : $"a legitimate request answered {status}: {Shorten(body)}"
                : c.Endpoint == "login API" && status == 401 && body.Contains("Вход не выполнен", StringComparison.Ordinal)
                    ? null // wrong credentials: the refusal is the answer (and audited by design)
                    : request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal) && status == 400 && body.Length == 0
                        ? null // Kestrel refuses a NUL in the path itself, before the application
                        : Check(status, contentType, body);
            if (problem is not null)
            {
                problems.Add($"{c.Endpoint} / {c.Kind}: {problem}");
            }
        }

        // The login form (a page, not the API): bad input shows a Russian message, never a 500, never signs anyone in.
        foreach (var (kind, login, password) in new[]
                 {
                     ("empty", "", ""), ("SQL", Sql, Sql), ("script", Script, Script), ("lone surrogate", "op\uD800", "x"),
                     ("huge", new string('я', 200_000), "x"), ("nulls", "\0\0", "\0"),
                 })
        {
            var (status, cookie, html) = await PostLoginFormAsync(app, login, password);
            tally["login form"] = tally.GetValueOrDefault("login form") ?? new SortedDictionary<int, int>();
            tally["login form"][status] = tally["login form"].GetValueOrDefault(status) + 1;
            var message = WebUtility.HtmlDecode(LoginError().Match(html).Value);
            if (status >= 500 || cookie || (status < 400 && !Cyrillic().IsMatch(message)))
            {
                problems.Add($"login form / {kind}: {status}, signed in: {cookie}, message: {message}");
            }
        }

        var after = await SnapshotAsync(app);
        var lastSequence = before["audit sequence"];
        foreach (var row in (await Audit.AuditChainTests.RowsAsync(app)).Where(r => r.Sequence > lastSequence && r.Action is not (AuditActions.SignInFailed or AuditActions.RegisterExported)))
        {
            problems.Add($"audit row added: {row.Action} {row.ObjectType} {row.ObjectId} {row.Detail}");
        }

        foreach (var (table, count) in before.Where(p => p.Key != "audit sequence"))
        {
            if (after.GetValueOrDefault(table) != count)
            {
                problems.Add($"table {table}: {count} rows before the corpus, {after.GetValueOrDefault(table)} after");
            }
        }

        var taskAfter = Assert.Single(await WorkflowApiClient.OpenTasksAsync(operatorClient, instance));
        Assert.Equal(JsonValueKind.Null, taskAfter.GetProperty("claimedBy").ValueKind);

        output.WriteLine($"Bad-input corpus on {provider}: {cases.Count + 6} requests; answers by endpoint (status × count):");
        foreach (var (endpoint, counts) in tally)
        {
            output.WriteLine($"  {endpoint,-22} {string.Join(", ", counts.Select(p => $"{p.Key}×{p.Value}"))}");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} wrong answers:\n{string.Join("\n", problems)}");
    }

    private static string? Check(int status, string contentType, string body)
    {
        if (status is < 400 or >= 500)
        {
            return $"answered {status}: {Shorten(body)}";
        }

        if (status is 401 or 403)
        {
            return $"answered {status} to a caller who has the right: {Shorten(body)}";
        }

        if (contentType != "application/problem+json")
        {
            return $"{status} with {contentType}, not problem details: {Shorten(body)}";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var title = json.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            var detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            if (!Cyrillic().IsMatch(title) || !Cyrillic().IsMatch(detail))
            {
                return $"{status}: the problem's title or detail is not Russian: «{title}» / «{detail}»";
            }
        }
        catch (JsonException)
        {
            return $"{status}: problem body is not JSON: {Shorten(body)}";
        }

        return null;
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;

    private sealed record JsonCase(string Kind, Func<HttpMethod, string, HttpRequestMessage> Build);

    // Mutations of a well-formed template: every field gets each wrong type, a null, a huge value and hostile text; the
    // whole body is broken, emptied, replaced by a wrong content type, overlong UTF-8 or an oversized document.
    private static IEnumerable<JsonCase> JsonCases(string template)
    {
        var node = JsonNode.Parse(template)!.AsObject();
        JsonCase Raw(string kind, string text, string contentType = "application/json") => new(kind, (m, p) => Body(m, p, text, contentType));
        yield return Raw("malformed JSON", template[..^3]);
        yield return Raw("trailing garbage", template + "}}");
        yield return Raw("empty body", "");
        yield return Raw("JSON null", "null");
        yield return Raw("JSON array", "[" + template + "]");
        yield return Raw("JSON string", "\"x\"");
        yield return Raw("missing fields", "{}");
        yield return Raw("extra fields only", """{"unexpected":1,"__proto__":{"admin":true},"$type":"System.IO.File"}""");
        yield return Raw("text/plain", template, "text/plain");
        yield return Raw("XML", "<login>x</login>", "application/xml");
        yield return Raw("form", "login=x&password=y", "application/x-www-form-urlencoded");
        yield return Raw("lone surrogate escape", template.Replace(":\"", ":\"\\ud800"));
        yield return Raw("deep nesting", new string('[', 5000) + new string(']', 5000));
        yield return new("overlong UTF-8", (m, p) =>
        {
            var bytes = Encoding.UTF8.GetBytes(template).ToList();
            var quote = bytes.IndexOf((byte)':') + 2;
            bytes.InsertRange(Math.Min(quote, bytes.Count), new byte[] { 0xC0, 0xAF, 0xE0, 0x80, 0xAF, 0xED, 0xA0, 0x80 });
            var request = new HttpRequestMessage(m, p) { Content = new ByteArrayContent([.. bytes]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return request;
        });
        yield return new("oversized body (31 MB)", (m, p) =>
        {
            // Expect: 100-continue lets the server answer 413 before the body is sent (else it closes a half-sent upload).
            var request = Body(m, p, "{\"x\":\"" + new string('a', 31 * 1024 * 1024) + "\"}", "application/json");
            request.Headers.ExpectContinue = true;
            return request;
        });
        foreach (var (key, _) in node.ToList())
        {
            foreach (var (kind, value) in new (string, JsonNode?)[]
                     {
                         ("null", null), ("number", 12345), ("huge number", JsonNode.Parse("1e400")), ("long integer", JsonNode.Parse("99999999999999999999999999")),
                         ("boolean", true), ("array", new JsonArray(1, "x")), ("object", new JsonObject { ["a"] = 1 }), ("SQL", Sql), ("script", Script),
                         ("1 MB string", new string('я', 512 * 1024)), ("control characters", "\0\u0001\u001b[31m"),
                     })
            {
                var mutated = node.DeepClone().AsObject();
                mutated[key] = value?.DeepClone();
                yield return Raw($"{key}: {kind}", mutated.ToJsonString());
            }
        }
    }

    private static HttpRequestMessage Body(HttpMethod method, string path, string text, string contentType)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(text, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return request;
    }

    private static IEnumerable<Case> MultipartCases(string endpoint, HttpClient client, string path, byte[]? csr)
    {
        Case Make(string kind, Func<HttpContent> content) => MakeCase(kind, false, content);
        Case MakeCase(string kind, bool legitimate, Func<HttpContent> content) =>
            new(endpoint, kind, () => new HttpRequestMessage(HttpMethod.Post, path) { Content = content() }, client, legitimate);
        yield return Make("JSON instead of multipart", () => new StringContent("{\"surname\":\"x\"}", Encoding.UTF8, "application/json"));
        yield return Make("no content type", () => new ByteArrayContent("surname=x"u8.ToArray()));
        yield return Make("empty form", () => new MultipartFormDataContent());
        yield return Make("broken multipart", () =>
        {
            var content = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"surname\"\r\n\r\nx"u8.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
            return content;
        });
        yield return Make("multipart without boundary", () =>
        {
            var content = new ByteArrayContent("x"u8.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
            return content;
        });
        yield return Make("extra fields only", () =>
        {
            var form = new MultipartFormDataContent { { new StringContent(Sql), "unexpected" }, { new StringContent(Script), "surname" } };
            return form;
        });
        // A file that is not a certificate or signature is a verdict of the check (a report naming the damage), not an error.
        yield return MakeCase("files of the wrong kind", endpoint == "verification", () =>
        {
            var form = new MultipartFormDataContent();
            foreach (var name in new[] { "passportMainScan", "passportRegistrationScan", "snilsScan", "otherScan", "certificate", "signature", "file" })
            {
                form.Add(new ByteArrayContent("MZ\u0090 not an image"u8.ToArray()), name, "evil.exe");
            }

            return form;
        });
        yield return Make("oversized scan (11 MB)", () =>
        {
            var form = new MultipartFormDataContent();
            var big = new byte[11 * 1024 * 1024];
            IssuanceDriver.Jpeg.CopyTo(big, 0);
            if (endpoint == "verification")
            {
                big = new byte[17 * 1024 * 1024]; // over the check's 16 MB
            }

            form.Add(new ByteArrayContent(big), endpoint switch { "verification" => "certificate", "signed act" => "file", _ => "passportMainScan" }, "big.jpg");

            return form;
        });
        if (csr is null)
        {
            yield break;
        }

        // The intake form with one field made wrong at a time; everything else valid.
        foreach (var (field, value) in new[]
                 {
                     ("validityMonths", "abc"), ("validityMonths", "99999999999999999999"), ("validityMonths", "-1"), ("birthDate", "2026-13-45"),
                     ("birthDate", "1e400"), ("snils", Sql), ("inn", Script), ("surname", Script), ("email", "not-an-email"), ("keyMode", "quantum"),
                     ("applicantType", "robot"), ("passportNumber", "\0\0\0"), ("surname", new string('я', 100_000)), ("phone", "\uD800"),
                 })
        {
            yield return Make($"{field}: {Describe(value)}", () => IntakeForm(csr, field, value));
        }

        yield return Make("surname: overlong UTF-8", () =>
        {
            var form = IntakeForm(csr, "surname", "");
            form.Add(new ByteArrayContent([0xC0, 0xAF, 0xED, 0xA0, 0x80]), "surname");
            return form;
        });
        yield return Make("csr: garbage", () => IntakeForm("garbage"u8.ToArray(), null, null));
        yield return Make("csr: truncated", () => IntakeForm(csr[..(csr.Length / 2)], null, null));
    }

    private static string Describe(string value) => value.Length > 40 ? $"{value.Length} characters" : value.Replace("\0", "\\0");

    private static MultipartFormDataContent IntakeForm(byte[] csr, string? field, string? value)
    {
        var valid = IssuanceDriver.Application(csr);
        if (field is null)
        {
            return valid;
        }

        var form = new MultipartFormDataContent();
        foreach (var part in valid)
        {
            if (part.Headers.ContentDisposition?.Name?.Trim('"') != field)
            {
                form.Add(part);
            }
        }

        if (value is { Length: > 0 })
        {
            form.Add(new StringContent(value), field);
        }

        return form;
    }

    private static IEnumerable<(string Kind, string Value)> PathValues() =>
    [
        ("SQL", Uri.EscapeDataString(Sql)), ("script", Uri.EscapeDataString(Script)), ("traversal", "..%2F..%2Fetc%2Fpasswd"),
        ("NUL", "%00"), ("overlong UTF-8", "%C0%AF"), ("lone surrogate", "%ED%A0%80"), ("long", new string('9', 5000)),
        ("huge number", "99999999999999999999999999"), ("Cyrillic", Uri.EscapeDataString("заявление")),
    ];

    private static IEnumerable<(string Kind, string Value)> QueryValues() =>
    [
        ("empty", ""), ("SQL", Uri.EscapeDataString(Sql)), ("script", Uri.EscapeDataString(Script)), ("overlong UTF-8", "%C0%AF"),
        ("lone surrogate", "%ED%A0%80"), ("huge number", "99999999999999999999999999"), ("negative", "-5"), ("long", new string('z', 3000)),
        ("NUL", "%00"),
    ];

    private static async Task<(int Status, bool SignedIn, string Html)> PostLoginFormAsync(KepOfficeApp app, string login, string password)
    {
        var client = app.CreateApiClient();
        var page = await client.GetAsync("/account/login");
        var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Login"] = login,
            ["Input.Password"] = password,
        }));
        var signedIn = response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("KepOffice.Auth=", StringComparison.Ordinal));
        return ((int)response.StatusCode, signedIn, await response.Content.ReadAsStringAsync());
    }

    // Row counts of every table of the model; the audit log without what it records of the refusals and exports by design.
    private static async Task<Dictionary<string, long>> SnapshotAsync(KepOfficeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
        {
            if (table is "audit_events" or "audit_chain_head" or "DataProtectionKeys")
            {
                continue;
            }

            var connection = db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync();
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        // Refused sign-ins are audited by design, and so are the legitimate register exports among the cases.
        counts["audit_events (without refused sign-ins and exports)"] = await db.Set<AuditEvent>()
            .LongCountAsync(e => e.Action != AuditActions.SignInFailed && e.Action != AuditActions.RegisterExported);
        counts["audit sequence"] = await db.Set<AuditEvent>().MaxAsync(e => (long?)e.Sequence) ?? 0;
        return counts;
    }

    [GeneratedRegex("[А-Яа-яЁё]")]
    private static partial Regex Cyrillic();

    [GeneratedRegex("id=\"login-error\">[^<]*")]
    private static partial Regex LoginError();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
