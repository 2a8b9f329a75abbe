using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Protection;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KepOffice.IntegrationTests.Backup;

public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_backup_made_by_eng_backup_restores_into_a_new_database_with_the_audit_chain_certificates_and_personal_data_intact()
    {
        string valid, revoked, number;
        string backup = Directory.CreateTempSubdirectory("kepoffice-backup-").FullName;
        using (var app = new KepOfficeApp(DatabaseProvider.PostgreSql))
        {
            valid = await IssuanceDriver.IssueCertificateAsync(app);
            revoked = await IssuanceDriver.IssueCertificateAsync(app);
            var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
            Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/certificates/{revoked}/revoke", new { reason = "KeyCompromise" })).StatusCode);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                number = (await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking()
                    .SingleAsync(c => c.SerialHex == valid)).ApplicationNumber!;
            }

            var source = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<DatabaseSettings>().ConnectionString);
            var (code, output) = await ScriptAsync("backup.sh", [backup], new()
            {
                ["KEPOFFICE_PG_URL"] = Uri(source.Database!),
                ["KEPOFFICE_CA_KEYS"] = Path.Combine(app.DataPath, "keys"),
            });
            Assert.True(code == 0, output);
        }

        // The source database is gone from the picture: restore into a new database and an empty data folder.
        var target = "kep_restored_" + Guid.NewGuid().ToString("N")[..12];
        var dataPath = Directory.CreateTempSubdirectory("kepoffice-restored-").FullName;
        var (restoreCode, restoreOutput) = await ScriptAsync("restore.sh", [backup], new()
        {
            ["KEPOFFICE_PG_URL"] = Uri(target),
            ["KEPOFFICE_CA_KEYS"] = Path.Combine(dataPath, "keys"),
        });
        Assert.True(restoreCode == 0, restoreOutput);

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:KepOffice"] = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString) { Database = target }.ConnectionString,
            ["KepOffice:DataPath"] = dataPath,
        };

        // `audit verify` as the administrator runs it, on the restored database and keys.
        var (verifyCode, verifyOutput) = await ServerProcess.RunAsync(settings, "audit", "verify");
        Assert.True(verifyCode == 0, verifyOutput);
        Assert.Contains("Журнал аудита цел", verifyOutput);

        using var restored = new KepOfficeApp(DatabaseProvider.PostgreSql, settings);
        await using var check = restored.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var certificates = await db.Set<CertificateRecord>().AsNoTracking().Where(c => c.SerialHex == valid || c.SerialHex == revoked)
            .ToDictionaryAsync(c => c.SerialHex);
        var application = await check.ServiceProvider.GetRequiredService<ApplicationQueries>().GetByNumberAsync(number, CancellationToken.None);
        var chain = await check.ServiceProvider.GetRequiredService<AuditQueries>().VerifyAsync(CancellationToken.None);
        var audited = await db.Set<AuditEvent>().AsNoTracking().Where(e => e.ObjectId == revoked).Select(e => e.Action).ToListAsync();
        var operatorClient = await restored.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var crl = await operatorClient.GetByteArrayAsync($"/cdp/{certificates[revoked].CaId}.crl");
        var listed = new Org.BouncyCastle.X509.X509CrlParser().ReadCrl(crl)
            .GetRevokedCertificate(new Org.BouncyCastle.Math.BigInteger(revoked, 16));

        Assert.Equal(CertificateStatus.Valid, certificates[valid].Status);
        Assert.Equal(CertificateStatus.Revoked, certificates[revoked].Status);
        Assert.Equal("Иванов Иван Иванович", certificates[valid].HolderName);
        Assert.Equal(("Иванов", IssuanceDriver.Snils, "123456"), (application!.Surname, application.Snils, application.PassportNumber));
        Assert.True(chain.Intact, chain.Problem);
        Assert.Contains(AuditActions.CertificateRevoked, audited);
        Assert.NotNull(listed);

        // The restored CA key signs: a new certificate is issued on the restored installation.
        var issued = await IssuanceDriver.IssueCertificateAsync(restored);
        Assert.False(string.IsNullOrEmpty(issued));
    }

    private static string Uri(string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString);
        return $"postgresql://{admin.Username}@{admin.Host}:{admin.Port}/{database}";
    }

    private static async Task<(int ExitCode, string Output)> ScriptAsync(string script, string[] arguments, Dictionary<string, string> environment)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "KepOffice.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root (KepOffice.sln) is not above the test binaries.");
        }

        var start = new ProcessStartInfo("bash", [Path.Combine(root, "eng", script), .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["PG_BIN"] = Environment.GetEnvironmentVariable("KEPOFFICE_TEST_PG_BIN")
            ?? throw new InvalidOperationException("KEPOFFICE_TEST_PG_BIN must point at the PostgreSQL binaries (pg_dump, pg_restore).");
        var password = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString).Password;
        if (!string.IsNullOrEmpty(password))
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
