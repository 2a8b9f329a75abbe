using System.Net;
using System.Text;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Audit;

public sealed class AuditExportTests
{
    [Theory, BothProviders]
    public async Task An_auditor_exports_the_whole_chain_verifiable_from_the_file_alone_and_filtered_parts_and_the_export_is_recorded(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);

        var whole = await auditor.GetAsync("/api/audit/export.csv");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("text/csv", whole.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("zhurnal-audita-", whole.Content.Headers.ContentDisposition?.FileNameStar ?? whole.Content.Headers.ContentDisposition?.FileName);
        var bytes = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var rows = Parse(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal("Номер", rows[0][0]);
        Assert.Equal("Хеш записи", rows[0][12]);

        // The file alone proves the chain: each row's hash recomputed from its fields, each linked to the one before.
        var previous = AuditChain.GenesisHash;
        var expected = 1L;
        foreach (var row in rows.Skip(1))
        {
            var record = new AuditEvent
            {
                Sequence = long.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture),
                OccurredUtc = DateTime.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
                ActorKind = Enum.Parse<AuditActorKind>(row[2]),
                ActorId = row[3],
                ActorName = Null(row[4]),
                Origin = Null(row[5]),
                Action = row[6],
                ObjectType = Null(row[8]),
                ObjectId = Null(row[9]),
                Detail = Null(row[10]),
            };
            Assert.Equal(expected++, record.Sequence);
            Assert.Equal(previous, row[11]);
            Assert.Equal(AuditChain.ComputeHash(previous, record), row[12]);
            previous = row[12];
        }

        Assert.True(rows.Count > 3, "sign-ins of the manager and the auditor are in the log");
        Assert.Contains(rows, r => r[6] == AuditActions.SignInSucceeded && r[4] == "manager" && r[7] == "Вход в систему");
        // Workflow files imported at start-up are published by the system, not by a user named "system:import".
        Assert.Contains(rows, r => r[6] == AuditActions.WorkflowPublished && (r[2], r[3]) == ("System", "system:import"));
        Assert.DoesNotContain(rows, r => r[3].StartsWith("system:", StringComparison.Ordinal) && r[2] != "System");

        // A filtered part: only the sign-ins of one user, in chain order; the exports themselves are recorded.
        var part = Parse(Encoding.UTF8.GetString((await auditor.GetByteArrayAsync(
            $"/api/audit/export.csv?action={AuditActions.SignInSucceeded}&actor=manager&from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}"))[3..]));
        Assert.NotEmpty(part.Skip(1));
        Assert.All(part.Skip(1), r => Assert.Equal((AuditActions.SignInSucceeded, "manager"), (r[6], r[4])));
        var empty = Parse(Encoding.UTF8.GetString((await auditor.GetByteArrayAsync("/api/audit/export.csv?from=2001-01-01&to=2001-01-02"))[3..]));
        Assert.Single(empty);

        await using var scope = app.Services.CreateAsyncScope();
        var exports = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().AsNoTracking()
            .Where(e => e.Action == AuditActions.AuditExported).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(3, exports.Count);
        Assert.All(exports, e => Assert.Equal("auditor", e.ActorName));
        Assert.Contains("исполнитель задан", exports[1].Detail);
        Assert.DoesNotContain("manager", exports[1].Detail);
    }

    [Theory, BothProviders]
    public async Task A_bad_filter_is_refused_with_the_field_named_and_records_nothing(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var before = await CountAsync(app);

        foreach (var (query, field) in new[]
        {
            ("action=no.such-action", "action"),
            ("action=%27%3B%20DROP%20TABLE%20audit_events%3B--", "action"),
            ("actor=" + new string('a', 129), "actor"),
            ("object=a%00b", "object"),
            ("object=a%1Bb", "object"),
            ("from=2026-13-01", "from"),
            ("from=01.12.2026", "from"),
            ("to=1999-12-31", "to"),
            ("from=2026-12-02&to=2026-12-01", "to"),
        })
        {
            var response = await auditor.GetAsync("/api/audit/export.csv?" + query);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
            var problem = await response.Content.ReadAsStringAsync();
            Assert.Contains($"\"{field}\"", problem);
            Assert.Matches("[А-Яа-я]", problem);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/audit/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateApiClient().GetAsync("/api/audit/export.csv")).StatusCode);
        Assert.Equal(before, await CountAsync(app));
    }

    private static async Task<int> CountAsync(KepOfficeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().CountAsync(e => e.Action == AuditActions.AuditExported);
    }

    private static string? Null(string value) => value.Length == 0 ? null : value;

    // RFC 4180 with ";" as the separator; a leading apostrophe before = + - @ is the spreadsheet formula guard.
    private static List<string[]> Parse(string csv)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ';')
            {
                fields.Add(Unguard(field.ToString()));
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                fields.Add(Unguard(field.ToString()));
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }

    private static string Unguard(string value) => value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;
}
