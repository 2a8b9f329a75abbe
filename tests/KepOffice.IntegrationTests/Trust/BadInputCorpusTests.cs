using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
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
/// revocation requests (staff's and holders'), renewals, hold, bulk revocation, legal hold, the designer's create, clone,
/// delete, diff and instance migration, users and the register export filters, among others — is fed malformed JSON,
/// wrong types, missing and extra fields, oversized bodies and values, wrong content types, SQL and script payloads,
/// invalid Unicode (lone surrogates, overlong UTF-8), nulls and huge numbers, and well-formed requests by the wrong role
/// or in the wrong state. Each answer must be a 4xx problem (application/problem+json with a Russian title and detail),
/// never a 5xx, and no table may gain or lose a row (refused sign-ins and unconfirmed holders' requests are audited by
/// design). Runs on real Kestrel so that the server's own body-size limit applies.
/// </summary>
public sealed partial class BadInputCorpusTests(ITestOutputHelper output)
{
    private const string Sql = "'; DROP TABLE applications; --";
    private const string Script = "<script>alert('x')</script>";

    // Expected: the one answer a wrong-role or wrong-state request must get. Refusal: a 401/403 that is this endpoint's designed
    // answer to a well-formed request it cannot confirm (the holder's identity), still a Russian problem.
    private sealed record Case(string Endpoint, string Kind, Func<HttpRequestMessage> Request, HttpClient Client, bool Legitimate = false, int? Expected = null,
        int? Refusal = null);

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

        // A certificate in force (its application not held) and a legal hold on the application above: the lifecycle endpoints
        // are aimed at real objects in both states.
        var (holderKey, holderCsr) = await IssuanceDriver.GostKeyAndCsrAsync();
        var serial = await IssuanceDriver.IssueCertificateAsync(app, holderCsr);
        CertificateRecord issued;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            issued = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.SerialHex == serial);
        }

        var issuedNumber = issued.ApplicationNumber!;

        Assert.Equal(HttpStatusCode.NoContent, (await manager.PostAsJsonAsync($"/api/applications/{number}/legal-hold", new { reason = "Запрос суда" })).StatusCode);
        var operatorId = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/users")).EnumerateArray()
            .First(u => u.GetProperty("login").GetString() == "operator").GetProperty("id").GetString()!;
        var renewalCsr = await IssuanceDriver.GostCsrAsync();

        // Signatures the holder really made with the certificate's key: these requests get past the identity check, so what
        // they carry is checked, not only who sent it.
        var holderSignature = Convert.ToBase64String(await IssuanceDriver.SignDetachedAsync(holderKey, issued.Der,
            Encoding.UTF8.GetBytes(RequestRevocationByHolder.Statement(serial, "compromise"))));
        var signedGarbageCsr = await IssuanceDriver.SignDetachedAsync(holderKey, issued.Der, "garbage"u8.ToArray());
        var truncatedCsr = renewalCsr[..(renewalCsr.Length / 2)];
        var signedTruncatedCsr = await IssuanceDriver.SignDetachedAsync(holderKey, issued.Der, truncatedCsr);

        var cases = new List<Case>();
        void Json(string endpoint, HttpClient client, HttpMethod method, string path, string template, int? refusal = null, Func<string, bool>? legitimate = null) =>
            cases.AddRange(JsonCases(template).Select(c => new Case(endpoint, c.Kind, () => c.Build(method, path), client, legitimate?.Invoke(c.Kind) ?? false, Refusal: refusal)));

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

        // Endpoints of the certificate lifecycle, retention and the process designer.
        Json("intake revocation", portal, HttpMethod.Post, "/api/intake/revocation-requests",
            $$"""{"serial":"{{serial}}","reason":"lost-token","comment":"x","snils":"{{IssuanceDriver.Snils}}","passportSeries":"4510","passportNumber":"654321"}""", refusal: 403);
        Json("intake revocation", portal, HttpMethod.Post, "/api/intake/revocation-requests",
            $$"""{"serial":"{{serial}}","reason":"compromise","signature":"{{Convert.ToBase64String("not a CMS signature"u8)}}"}""", refusal: 403);
        Json("bulk revocation", manager, HttpMethod.Post, "/api/certificates/bulk-revocations", $$"""{"caId":"{{caId}}","reason":"CACompromise","comment":"x","confirmation":"not-the-ca"}""");
        Json("definition create", manager, HttpMethod.Post, "/api/workflow-definitions", """{"id":"Bad Id!","name":""}""");
        Json("definition clone", manager, HttpMethod.Post, "/api/workflow-definitions/kep-issuance/clone", """{"newId":"Bad Id!","newName":"","version":1}""");
        Json("definition import (draft)", manager, HttpMethod.Post, "/api/workflow-definitions/import?draft=true", """{"id":"bad id","name":"","activities":[],"connections":[]}""");
        cases.Add(new("definition import (draft)", "broken real definition",
            () => Body(HttpMethod.Post, "/api/workflow-definitions/import?draft=true", definition.Replace("\"activities\"", "\"activities\" ::"), "application/json"), manager));
        Json("instance migration", manager, HttpMethod.Post, "/api/workflow-instances/migrations",
            $$"""{"definitionId":"kep-issuance","fromVersion":1,"toVersion":999,"instanceIds":["{{instance}}"]}""");
        Json("legal hold", manager, HttpMethod.Post, $"/api/applications/{number}/legal-hold", """{"reason":""}""");
        Json("hold", manager, HttpMethod.Post, "/api/certificates/0A1B2C3D/hold", """{"comment":""}""");
        // An update names only what changes: one that names nothing changes nothing and answers with the user as is.
        Json("user update", admin, HttpMethod.Put, $"/api/admin/users/{operatorId}", """{"displayName":"","email":"not-an-email","roles":["NoSuchRole"],"isActive":true}""",
            legitimate: kind => kind is "missing fields" or "extra fields only");
        Json("user password", admin, HttpMethod.Post, $"/api/admin/users/{operatorId}/password", """{"password":"short"}""");

        // One field wrong, the rest valid: what would be created is refused for that field alone.
        foreach (var (endpoint, path, template, field, value) in new (string, string, JsonObject, string, string)[]
                 {
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "id", Sql),
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "id", Script),
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "id", "Corpus-Upper"),
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "id", new string('a', 300)),
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "id", "процесс"),
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "id", "corpus\0new"),
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "name", new string('я', 100_000)),
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "name", "\0\u0001\u001b[31m"),
                     ("definition create", "/api/workflow-definitions", new() { ["id"] = "corpus-new", ["name"] = "Новый процесс" }, "name", "   "),
                     ("definition clone", "/api/workflow-definitions/kep-issuance/clone", new() { ["newId"] = "corpus-copy", ["newName"] = "Копия" }, "newId", Sql),
                     ("definition clone", "/api/workflow-definitions/kep-issuance/clone", new() { ["newId"] = "corpus-copy", ["newName"] = "Копия" }, "newId", "corpus\0copy"),
                     ("definition clone", "/api/workflow-definitions/kep-issuance/clone", new() { ["newId"] = "corpus-copy", ["newName"] = "Копия" }, "newName", "\0\u0001\u001b[31m"),
                     ("definition clone", "/api/workflow-definitions/kep-issuance/clone", new() { ["newId"] = "corpus-copy", ["newName"] = "Копия" }, "newName", new string('я', 100_000)),
                     ("legal hold", $"/api/applications/{issuedNumber}/legal-hold", new() { ["reason"] = "Запрос суда" }, "reason", "\0\u0001\u001b[31m"),
                     ("legal hold", $"/api/applications/{issuedNumber}/legal-hold", new() { ["reason"] = "Запрос суда" }, "reason", "   "),
                     ("legal hold", $"/api/applications/{issuedNumber}/legal-hold", new() { ["reason"] = "Запрос суда" }, "reason", new string('я', 501)),
                     ("hold", $"/api/certificates/{serial}/hold", new() { ["comment"] = "Основание" }, "comment", "\0\u0001\u001b[31m"),
                     ("hold", $"/api/certificates/{serial}/hold", new() { ["comment"] = "Основание" }, "comment", "   "),
                     ("bulk revocation", "/api/certificates/bulk-revocations", new() { ["caId"] = caId, ["reason"] = "CACompromise", ["comment"] = "Компрометация", ["confirmation"] = caId }, "comment", "\0\u0001\u001b[31m"),
                     ("bulk revocation", "/api/certificates/bulk-revocations", new() { ["caId"] = caId, ["reason"] = "CACompromise", ["comment"] = "Компрометация", ["confirmation"] = caId }, "comment", new string('я', 501)),
                     ("bulk revocation", "/api/certificates/bulk-revocations", new() { ["caId"] = caId, ["reason"] = "CACompromise", ["comment"] = "Компрометация", ["confirmation"] = caId }, "reason", "CertificateHold"),
                     ("bulk revocation", "/api/certificates/bulk-revocations", new() { ["caId"] = caId, ["reason"] = "CACompromise", ["comment"] = "Компрометация", ["confirmation"] = caId }, "confirmation", caId + "\0"),
                 })
        {
            template[field] = value;
            var text = template.ToJsonString();
            cases.Add(new(endpoint, $"only {field}: {Describe(value)}", () => Body(HttpMethod.Post, path, text, "application/json"), manager));
        }

        // Past the identity check (a real signature of the holder) or aimed at a certificate in force: what is carried is refused.
        foreach (var (kind, comment) in new[] { ("control characters", "\0\u0001\u001b[31m"), ("501 characters", new string('я', 501)) })
        {
            var text = new JsonObject { ["serial"] = serial, ["reason"] = "compromise", ["comment"] = comment, ["signature"] = holderSignature }.ToJsonString();
            cases.Add(new("intake revocation", $"signed, comment: {kind}", () => Body(HttpMethod.Post, "/api/intake/revocation-requests", text, "application/json"), portal,
                Expected: 400));
        }

        cases.Add(new("intake revocation", "signed for another reason", () => Body(HttpMethod.Post, "/api/intake/revocation-requests",
            new JsonObject { ["serial"] = serial, ["reason"] = "lost-token", ["signature"] = holderSignature }.ToJsonString(), "application/json"), portal, Expected: 403));
        cases.Add(new("revocation request", "certificate in force, comment: control characters", () => Body(HttpMethod.Post, $"/api/certificates/{serial}/revocation-requests",
            """{"reason":"keyCompromise","comment":"\u0000\u0001\u001b[31m"}""", "application/json"), operatorClient, Expected: 400));
        cases.Add(new("revoke", "certificate in force, comment: control characters", () => Body(HttpMethod.Post, $"/api/certificates/{serial}/revoke",
            """{"reason":"keyCompromise","comment":"\u0000\u0001\u001b[31m"}""", "application/json"), manager, Expected: 400));
        cases.Add(new("hold", "certificate in force, comment: control characters", () => Body(HttpMethod.Post, $"/api/certificates/{serial}/hold",
            """{"comment":"\u0000\u0001\u001b[31m"}""", "application/json"), manager, Expected: 400));
        cases.Add(new("intake renewal", "signed, csr: garbage", () => new HttpRequestMessage(HttpMethod.Post, "/api/intake/renewals")
            { Content = RenewalForm(serial, "garbage"u8.ToArray(), signedGarbageCsr) }, portal, Expected: 400));
        cases.Add(new("intake renewal", "signed, csr: truncated", () => new HttpRequestMessage(HttpMethod.Post, "/api/intake/renewals")
            { Content = RenewalForm(serial, truncatedCsr, signedTruncatedCsr) }, portal, Expected: 400));

        // Wrong role: the request would be valid for the right role; the answer is 403 (401 for an intake client's key, which
        // signs in no member of staff) and nothing happens.
        cases.Add(new("bulk revocation", "operator", () => Body(HttpMethod.Post, "/api/certificates/bulk-revocations",
            $$"""{"caId":"{{caId}}","reason":"CACompromise","comment":"Компрометация","confirmation":"{{caId}}"}""", "application/json"), operatorClient, Expected: 403));
        cases.Add(new("definition create", "operator", () => Body(HttpMethod.Post, "/api/workflow-definitions", """{"id":"corpus-role","name":"Процесс"}""", "application/json"),
            operatorClient, Expected: 403));
        cases.Add(new("definition clone", "operator", () => Body(HttpMethod.Post, "/api/workflow-definitions/kep-issuance/clone",
            """{"newId":"corpus-role","newName":"Копия"}""", "application/json"), operatorClient, Expected: 403));
        cases.Add(new("definition delete", "operator", () => new HttpRequestMessage(HttpMethod.Delete, "/api/workflow-definitions/kep-issuance"), operatorClient, Expected: 403));
        cases.Add(new("definition import (draft)", "operator", () => Body(HttpMethod.Post, "/api/workflow-definitions/import?draft=true", definition, "application/json"),
            operatorClient, Expected: 403));
        cases.Add(new("instance migration", "operator", () => Body(HttpMethod.Post, "/api/workflow-instances/migrations",
            $$"""{"definitionId":"kep-issuance","fromVersion":1,"toVersion":2,"instanceIds":["{{instance}}"]}""", "application/json"), operatorClient, Expected: 403));
        cases.Add(new("legal hold", "operator sets", () => Body(HttpMethod.Post, $"/api/applications/{issuedNumber}/legal-hold", """{"reason":"Запрос суда"}""", "application/json"),
            operatorClient, Expected: 403));
        cases.Add(new("legal hold", "operator clears", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/applications/{number}/legal-hold"), operatorClient, Expected: 403));
        cases.Add(new("hold", "operator", () => Body(HttpMethod.Post, $"/api/certificates/{serial}/hold", """{"comment":"Основание"}""", "application/json"),
            operatorClient, Expected: 403));
        cases.Add(new("desk renewal", "intake client", () => new HttpRequestMessage(HttpMethod.Post, $"/api/certificates/{serial}/renewals")
            { Content = RenewalForm(null, renewalCsr, null) }, portal, Expected: 401));

        // Wrong state: the object exists, the request is well formed, and the answer is 409 with nothing changed.
        cases.Add(new("definition create", "id taken", () => Body(HttpMethod.Post, "/api/workflow-definitions", """{"id":"kep-issuance","name":"Процесс"}""", "application/json"),
            manager, Expected: 409));
        cases.Add(new("definition clone", "new id taken", () => Body(HttpMethod.Post, "/api/workflow-definitions/kep-issuance/clone",
            """{"newId":"kep-renewal","newName":"Копия"}""", "application/json"), manager, Expected: 409));
        cases.Add(new("definition clone", "no such version", () => Body(HttpMethod.Post, "/api/workflow-definitions/kep-issuance/clone",
            """{"newId":"corpus-copy","newName":"Копия","version":999}""", "application/json"), manager, Expected: 404));
        cases.Add(new("definition delete", "instances exist", () => new HttpRequestMessage(HttpMethod.Delete, "/api/workflow-definitions/kep-issuance"), manager, Expected: 409));
        cases.Add(new("legal hold", "already held", () => Body(HttpMethod.Post, $"/api/applications/{number}/legal-hold", """{"reason":"Другое основание"}""", "application/json"),
            manager, Expected: 409));
        cases.Add(new("legal hold", "clear when not held", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/applications/{issuedNumber}/legal-hold"), manager, Expected: 409));
        cases.Add(new("unhold", "certificate in force", () => new HttpRequestMessage(HttpMethod.Post, $"/api/certificates/{serial}/unhold"), manager, Expected: 409));
        cases.Add(new("instance retry", "no incident", () => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-instances/{instance}/retry"), manager, Expected: 409));

        // Renewals: multipart like the intake form, with serial, csr and the signature over the csr.
        cases.AddRange(MultipartCases("intake renewal", portal, "/api/intake/renewals", null));
        // A signature that does not prove the holder is refused with 403, as designed (the wrong-kind files include one).
        cases.AddRange(MultipartCases("desk renewal", operatorClient, $"/api/certificates/{serial}/renewals", null, refusal: 403));
        var csrText = Encoding.ASCII.GetString(renewalCsr);
        foreach (var (endpoint, client, path, withSerial, signature) in new[]
                 {
                     ("intake renewal", portal, "/api/intake/renewals", true, (byte[]?)"not a CMS signature"u8.ToArray()),
                     ("desk renewal", operatorClient, $"/api/certificates/{serial}/renewals", false, null),
                 })
        {
            void Renewal(string kind, string? formSerial, byte[]? csr, byte[]? signed, int? refusal = null, string? csrField = null) =>
                cases.Add(new(endpoint, kind, () => new HttpRequestMessage(HttpMethod.Post, path) { Content = RenewalForm(withSerial ? formSerial : null, csr, signed, csrField) },
                    client, Refusal: signed is null ? null : refusal));
            if (withSerial)
            {
                foreach (var bad in new[] { "", Sql, Script, "ZZZZ", new string('A', 41), "0A\0", "\uD800", new string('9', 5000) })
                {
                    Renewal($"serial: {Describe(bad)}", bad, renewalCsr, signature);
                }

                Renewal("signature: garbage", serial, renewalCsr, signature, refusal: 403);
                Renewal("signature: missing", serial, renewalCsr, null);
            }

            Renewal("signature: over 64 KB", serial, renewalCsr, new byte[65 * 1024 + 1]);
            Renewal("csr: missing", serial, null, signature);
            Renewal("csr: garbage", serial, "garbage"u8.ToArray(), signature, refusal: 403);
            Renewal("csr: truncated", serial, renewalCsr[..(renewalCsr.Length / 2)], signature, refusal: 403);
            Renewal("csr: over 1 MB", serial, new byte[1024 * 1024 + 10], signature, refusal: 403);
            Renewal("csr: script as text", serial, null, signature, refusal: 403, csrField: Script);
            Renewal("csr: PEM cut short as text", serial, null, signature, refusal: 403, csrField: csrText[..(csrText.Length / 2)]);
        }

        foreach (var bad in PathValues())
        {
            cases.Add(new("desk renewal", $"serial {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/certificates/{bad.Value}/renewals")
                { Content = RenewalForm(null, renewalCsr, null) }, operatorClient));
            cases.Add(new("hold", $"serial {bad.Kind}", () => Body(HttpMethod.Post, $"/api/certificates/{bad.Value}/hold", """{"comment":"Основание"}""", "application/json"), manager));
            cases.Add(new("unhold", $"serial {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/certificates/{bad.Value}/unhold"), manager));
            cases.Add(new("bulk revocation", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/certificates/bulk-revocations/{bad.Value}"), manager));
            cases.Add(new("legal hold", $"number {bad.Kind}", () => Body(HttpMethod.Post, $"/api/applications/{bad.Value}/legal-hold", """{"reason":"Запрос суда"}""", "application/json"),
                manager));
            cases.Add(new("legal hold", $"clear number {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/applications/{bad.Value}/legal-hold"), manager));
            cases.Add(new("act", $"number {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/applications/{bad.Value}/act"), operatorClient));
            cases.Add(new("certificate file", $"DER serial {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/certificates/{bad.Value}.cer"), operatorClient));
            cases.Add(new("certificate file", $"PKCS#7 serial {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/certificates/{bad.Value}.p7b"), operatorClient));
            cases.Add(new("definition clone", $"id {bad.Kind}", () => Body(HttpMethod.Post, $"/api/workflow-definitions/{bad.Value}/clone",
                """{"newId":"corpus-copy","newName":"Копия"}""", "application/json"), manager));
            cases.Add(new("definition delete", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Delete, $"/api/workflow-definitions/{bad.Value}"), manager));
            cases.Add(new("definition diff", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/{bad.Value}/diff?from=1&to=2"), manager));
            cases.Add(new("migration candidates", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/{bad.Value}/migration-candidates?toVersion=1"),
                manager));
            cases.Add(new("definition publish", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-definitions/{bad.Value}/versions/1/publish"), manager));
            cases.Add(new("definition revert", $"version {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-definitions/kep-issuance/versions/{bad.Value}/revert"),
                manager));
            cases.Add(new("instance retry", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-instances/{bad.Value}/retry"), manager));
            cases.Add(new("instance cancel", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-instances/{bad.Value}/cancel"), manager));
            cases.Add(new("user unlock", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/admin/users/{bad.Value}/unlock"), admin));
            cases.Add(new("user update", $"id {bad.Kind}", () => Body(HttpMethod.Put, $"/api/admin/users/{bad.Value}", """{"displayName":"Оператор"}""", "application/json"), admin));
            cases.Add(new("user password", $"id {bad.Kind}", () => Body(HttpMethod.Post, $"/api/admin/users/{bad.Value}/password", """{"password":"Corpus-Password-1"}""",
                "application/json"), admin));
            cases.Add(new("intake client disable", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/admin/intake-clients/{bad.Value}/disable"), admin));
            cases.Add(new("task unclaim", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{bad.Value}/unclaim"), operatorClient));
            cases.Add(new("definition retract", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-definitions/{bad.Value}/versions/1/retract"), manager));
            cases.Add(new("definition export", $"id {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/{bad.Value}/export"), manager));
        }

        foreach (var bad in QueryValues())
        {
            // A run of digits is a well-formed serial: the statement is only text to sign.
            cases.Add(new("intake revocation", $"statement serial {bad.Kind}",
                () => new HttpRequestMessage(HttpMethod.Get, $"/api/intake/revocation-requests/statement?serial={bad.Value}&reason=lost-token"), portal, bad.Kind == "huge number"));
            cases.Add(new("intake revocation", $"statement reason {bad.Kind}",
                () => new HttpRequestMessage(HttpMethod.Get, $"/api/intake/revocation-requests/statement?serial={serial}&reason={bad.Value}"), portal));
            cases.Add(new("definition diff", $"from {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/kep-issuance/diff?from={bad.Value}&to=1"), manager));
            cases.Add(new("definition diff", $"to {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/kep-issuance/diff?from=1&to={bad.Value}"), manager));
            cases.Add(new("definition export", $"version {bad.Kind}",
                () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/kep-issuance/export?version={bad.Value}"), manager));
            cases.Add(new("definition export", $"download {bad.Kind}",
                () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/kep-issuance/export?download={bad.Value}"), manager));
            cases.Add(new("definition", $"version {bad.Kind}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/kep-issuance?version={bad.Value}"), manager));
            cases.Add(new("migration candidates", $"toVersion {bad.Kind}",
                () => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/kep-issuance/migration-candidates?toVersion={bad.Value}"), manager));
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
                : c.Expected is { } expected
                    ? status == expected ? Check(status, contentType, body, refusal: true) : $"answered {status}, not {expected}: {Shorten(body)}"
                : c.Endpoint == "login API" && status == 401 && body.Contains("Вход не выполнен", StringComparison.Ordinal)
                    ? null // wrong credentials: the refusal is the answer (and audited by design)
                    : request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal) && status == 400 && body.Length == 0
                        ? null // Kestrel refuses a NUL in the path itself, before the application
                        : Check(status, contentType, body, refusal: status == c.Refusal);
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
        foreach (var row in (await Audit.AuditChainTests.RowsAsync(app)).Where(r => r.Sequence > lastSequence && r.Action is not (AuditActions.SignInFailed or AuditActions.RegisterExported or AuditActions.RevocationRequestRefused)))
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

    private static string? Check(int status, string contentType, string body, bool refusal = false)
    {
        if (status is < 400 or >= 500)
        {
            return $"answered {status}: {Shorten(body)}";
        }

        if (status is 401 or 403 && !refusal)
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

    private static IEnumerable<Case> MultipartCases(string endpoint, HttpClient client, string path, byte[]? csr, int? refusal = null)
    {
        Case Make(string kind, Func<HttpContent> content) => MakeCase(kind, false, content);
        Case MakeCase(string kind, bool legitimate, Func<HttpContent> content) =>
            new(endpoint, kind, () => new HttpRequestMessage(HttpMethod.Post, path) { Content = content() }, client, legitimate, Refusal: refusal);
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
            foreach (var name in new[] { "passportMainScan", "passportRegistrationScan", "snilsScan", "otherScan", "certificate", "signature", "file", "csr" })
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

            form.Add(new ByteArrayContent(big), endpoint switch
            {
                "verification" => "certificate", "signed act" => "file", "intake renewal" or "desk renewal" => "csr", _ => "passportMainScan",
            }, "big.jpg");

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

    private static MultipartFormDataContent RenewalForm(string? serial, byte[]? csr, byte[]? signature, string? csrText = null)
    {
        var form = new MultipartFormDataContent();
        if (serial is not null)
        {
            form.Add(new StringContent(serial), "serial");
        }

        if (csr is not null)
        {
            form.Add(new ByteArrayContent(csr), "csr", "request.csr");
        }

        if (csrText is not null)
        {
            form.Add(new StringContent(csrText), "csr");
        }

        if (signature is not null)
        {
            form.Add(new ByteArrayContent(signature), "signature", "request.csr.sig");
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

        // Refused sign-ins and holders' revocation requests whose identity was not confirmed are audited by design, and so are the
        // legitimate register exports among the cases.
        counts["audit_events (without refusals and exports)"] = await db.Set<AuditEvent>()
            .LongCountAsync(e => e.Action != AuditActions.SignInFailed && e.Action != AuditActions.RegisterExported && e.Action != AuditActions.RevocationRequestRefused);
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
