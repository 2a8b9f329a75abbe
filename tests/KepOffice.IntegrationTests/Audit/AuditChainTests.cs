using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using KepOffice.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Audit;

public sealed class AuditChainTests
{
    [Theory, BothProviders]
    public async Task Chain_of_a_real_flow_verifies_and_an_edited_reordered_or_deleted_row_is_named(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        var serial = await IssueAsync(app);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var revoked = await manager.PostAsJsonAsync($"/api/certificates/{serial}/revoke", new { reason = "KeyCompromise", comment = "утерян токен" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        var rows = await RowsAsync(app);
        var revocation = Assert.Single(rows, r => r.Action == AuditActions.CertificateRevoked);
        Assert.Equal(serial, revocation.ObjectId);
        Assert.Equal(AuditActorKind.User, revocation.ActorKind);
        Assert.Equal("manager", revocation.ActorName);
        Assert.Single(rows, r => r.Action == AuditActions.CertificateIssued && r.ObjectId == serial);
        Assert.Single(rows, r => r.Action == AuditActions.ApplicationSubmitted && r.ActorKind == AuditActorKind.IntakeClient);
        Assert.Contains(rows, r => r.Action == AuditActions.CrlPublished);
        Assert.Contains(rows, r => r.Action == AuditActions.SignInSucceeded && r.ActorName == "manager");
        // Identifiers only: the applicant's name, СНИЛС and address and the revocation comment never enter the log.
        var everything = string.Join("\n", rows.Select(r => $"{r.ActorId} {r.ActorName} {r.ObjectId} {r.Detail}"));
        foreach (var personal in new[] { "Иванов", IssuanceDriver.Snils, "ivanov@example.test", "утерян токен" })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }

        var intact = await VerifyCommandAsync(app);
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains($"цел: {rows.Count} записей", intact.Output);

        // An edited detail: the row itself is named; restoring it heals the chain.
        var original = revocation.Detail;
        await UpdateAsync(app, revocation.Id, "УЦ другой, причина Unspecified");
        var edited = await VerifyCommandAsync(app);
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains($"Запись №{revocation.Sequence} ({revocation.Id}): содержимое записи изменено", edited.Output);
        await UpdateAsync(app, revocation.Id, original);
        Assert.Equal(0, (await VerifyCommandAsync(app)).ExitCode);

        // Two rows swapped: the first of them in chain order is named.
        var first = rows[2];
        var second = rows[3];
        await SwapSequencesAsync(app, first, second);
        var reordered = await VerifyCommandAsync(app);
        Assert.Equal(1, reordered.ExitCode);
        Assert.Contains($"Запись №{first.Sequence} ({second.Id})", reordered.Output);
        await SwapSequencesAsync(app, first, second);
        Assert.Equal(0, (await VerifyCommandAsync(app)).ExitCode);

        // The last row deleted: the chain head no longer matches.
        var last = rows[^1];
        await DeleteAsync(app, last.Id);
        var truncated = await VerifyCommandAsync(app);
        Assert.Equal(1, truncated.ExitCode);
        Assert.Contains($"Записи №{last.Sequence}–{last.Sequence} в конце журнала удалены", truncated.Output);

        // A row in the middle deleted: the row after the gap is named.
        var middle = rows[4];
        await DeleteAsync(app, middle.Id);
        var gap = await VerifyCommandAsync(app);
        Assert.Equal(1, gap.ExitCode);
        Assert.Contains($"Запись №{middle.Sequence + 1} ({rows[5].Id}): перед ней нет записей №{middle.Sequence}–{middle.Sequence}", gap.Output);
    }

    [Theory, BothProviders]
    public async Task Fifty_parallel_appends_from_two_nodes_leave_a_valid_chain(DatabaseProvider provider)
    {
        using var first = new KepOfficeApp(provider);
        var shared = new Dictionary<string, string?> { ["KepOffice:DataPath"] = first.DataPath };
        if (provider == DatabaseProvider.PostgreSql)
        {
            shared["ConnectionStrings:KepOffice"] = ConnectionStringOf(first);
        }

        using var second = new KepOfficeApp(provider, shared);
        _ = first.CreateApiClient();
        _ = second.CreateApiClient();
        var before = (await RowsAsync(first)).Count;

        // Each append is a real action: a sign-in, audited in its own transaction, half of them on each node.
        var logins = Enumerable.Range(0, 50).Select(async i =>
        {
            var node = i % 2 == 0 ? first : second;
            var response = await node.CreateApiClient().PostAsJsonAsync("/api/auth/login", new { login = "auditor", password = KepOfficeApp.DemoPassword });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        await Task.WhenAll(logins);

        var rows = await RowsAsync(second);
        Assert.Equal(before + 50, rows.Count);
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        var verify = await VerifyCommandAsync(first);
        Assert.True(verify.ExitCode == 0, verify.Output);
    }

    /// <summary>
    /// PostgreSQL numbers and hashes the rows itself at commit; SQLite's rows are sealed by the DbContext. Either way the
    /// verifier's hash must come out the same for any text: null against "", Cyrillic, a character outside the BMP (two
    /// UTF-16 code units, one code point), line breaks and the field separator's own characters, the longest detail.
    /// </summary>
    [Theory, BothProviders]
    public async Task Rows_with_any_text_are_sealed_as_the_verifier_hashes_them_and_a_row_with_a_number_of_its_own_is_named(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        _ = app.CreateApiClient();
        var before = (await RowsAsync(app)).Count;
        var when = new DateTime(2026, 12, 3, 8, 30, 15, DateTimeKind.Utc).AddTicks(1_234_560);
        AuditEvent Row(string? name, string? origin, string? detail) => new()
        {
            Id = Guid.NewGuid(), OccurredUtc = when, ActorKind = AuditActorKind.User, ActorId = "u-1", ActorName = name, Origin = origin,
            Action = "test.row", ObjectType = "test", ObjectId = "1:2\n", Detail = detail,
        };
        var rows = new[]
        {
            Row(null, null, null),
            Row("", "", ""),
            Row("оператор-1", "10.0.0.1", "строка\nвторая строка\r\n3:-"),
            Row("𝔸𝔹 😀", "::1", "😀" + new string('ж', AuditEvent.MaxDetailLength - 3) + "x"),
        };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
            db.Set<AuditEvent>().AddRange(rows[..3]); // three rows in one transaction,
            await db.SaveChangesAsync();
            db.Set<AuditEvent>().Add(rows[3]); // one in another
            await db.SaveChangesAsync();
        }

        var stored = (await RowsAsync(app)).Skip(before).ToList();
        Assert.Equal(rows.Select(r => r.Id).Order(), stored.Select(r => r.Id).Order());
        Assert.Equal(Enumerable.Range(before + 1, rows.Length).Select(i => (long)i), stored.Select(r => r.Sequence));
        var previous = before == 0 ? AuditChain.GenesisHash : (await RowsAsync(app))[before - 1].Hash;
        foreach (var row in stored)
        {
            Assert.Equal(previous, row.PreviousHash);
            Assert.Equal(AuditChain.ComputeHash(previous, row), row.Hash);
            previous = row.Hash;
        }

        Assert.Equal("𝔸𝔹 😀", stored.Single(r => r.Id == rows[3].Id).ActorName);
        var intact = await VerifyCommandAsync(app);
        Assert.True(intact.ExitCode == 0, intact.Output);

        // A row written past the application with a number of its own is not sealed for it: the verifier names it.
        var forged = Guid.NewGuid();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Database.ExecuteSqlRawAsync(
                """INSERT INTO audit_events ("Id", "Sequence", "OccurredUtc", "ActorKind", "ActorId", "Action", "PreviousHash", "Hash") VALUES ({0}, {1}, {2}, 'User', 'u-2', 'test.forged', '', '')""",
                forged, stored[^1].Sequence + 1, when);
        }

        var broken = await VerifyCommandAsync(app);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains($"Запись №{stored[^1].Sequence + 1} ({forged})", broken.Output);
    }

    [Theory, BothProviders]
    public async Task Unknown_audit_command_fails_and_changes_nothing(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        _ = app.CreateApiClient();
        var before = await RowsAsync(app);
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await AdminCommandLine.RunAsync(["audit", "repair"], app.Services, new StringWriter());
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(1, exit);
        Assert.Contains("audit verify", error.ToString());
        Assert.Equal(before.Select(r => r.Hash), (await RowsAsync(app)).Select(r => r.Hash));
    }

    internal static async Task<List<AuditEvent>> RowsAsync(KepOfficeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    internal static async Task<(int ExitCode, string Output)> VerifyCommandAsync(KepOfficeApp app)
    {
        var output = new StringWriter();
        var exit = await AdminCommandLine.RunAsync(["audit", "verify"], app.Services, output);
        return (exit, output.ToString());
    }

    private static string ConnectionStringOf(KepOfficeApp app)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Database.GetConnectionString()!;
    }

    private static async Task UpdateAsync(KepOfficeApp app, Guid id, string? detail)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Detail, detail));
    }

    private static async Task SwapSequencesAsync(KepOfficeApp app, AuditEvent a, AuditEvent b)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>();
        var (sa, sb) = (await events.Where(e => e.Id == a.Id).Select(e => e.Sequence).SingleAsync(), await events.Where(e => e.Id == b.Id).Select(e => e.Sequence).SingleAsync());
        await events.Where(e => e.Id == a.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Sequence, -1L));
        await events.Where(e => e.Id == b.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Sequence, sa));
        await events.Where(e => e.Id == a.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Sequence, sb));
    }

    private static async Task DeleteAsync(KepOfficeApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().Where(e => e.Id == id).ExecuteDeleteAsync();
    }

    private static async Task<string> IssueAsync(KepOfficeApp app)
    {
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var submitted = await portal.PostAsync("/api/intake/applications", IssuanceDriver.Application(await IssuanceDriver.GostCsrAsync()));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await IssuanceDriver.InstanceOfAsync(app, number);
        await IssuanceDriver.CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Approve");
        Assert.Equal(HttpStatusCode.OK, (await portal.PostAsync($"/api/intake/applications/{number}/payment", null)).StatusCode);
        await IssuanceDriver.CompleteOnlyTaskAsync(operatorClient, instance, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
        await using var check = app.Services.CreateAsyncScope();
        return (await check.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking()
            .SingleAsync(c => c.ApplicationNumber == number)).SerialHex;
    }
}
