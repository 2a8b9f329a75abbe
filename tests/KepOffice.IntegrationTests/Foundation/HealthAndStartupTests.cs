using System.Diagnostics;
using System.Net;
using KepOffice.Core.Data;
using KepOffice.Core.Startup;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.IntegrationTests.Foundation;

[Collection(SharedAppsCollection.Name)]
public sealed class HealthAndStartupTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Health_endpoints_answer_without_login(DatabaseProvider provider)
    {
        var client = apps.For(provider).CreateApiClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Theory, BothProviders]
    public async Task Openapi_document_lists_the_api(DatabaseProvider provider)
    {
        var client = apps.For(provider).CreateApiClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/auth/login", document);
        Assert.Contains("/api/admin/users", document);
    }

    [Fact]
    public async Task Unreachable_database_stops_start_up_with_a_message_naming_the_setting()
    {
        var settings = new DatabaseSettings(DatabaseProvider.PostgreSql,
            "Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=secret-value;Timeout=2");
        await using var db = new PostgresKepOfficeDbContext(
            new DbContextOptionsBuilder<PostgresKepOfficeDbContext>().UseNpgsql(settings.ConnectionString).Options);

        var error = await Assert.ThrowsAsync<KepOfficeStartupException>(() => DatabaseMigrator.MigrateAsync(db, settings, CancellationToken.None));

        Assert.Contains("ConnectionStrings:KepOffice", error.Message);
        Assert.Contains("Host=127.0.0.1;Port=1;Database=nowhere", error.Message);
        Assert.DoesNotContain("secret-value", error.Message);
    }

    [Fact]
    public async Task A_PostgreSQL_database_whose_audit_sealing_trigger_is_disabled_or_missing_stops_start_up()
    {
        var settings = new DatabaseSettings(DatabaseProvider.PostgreSql, PostgresDatabase.Create());
        await using var db = new PostgresKepOfficeDbContext(
            new DbContextOptionsBuilder<PostgresKepOfficeDbContext>().UseNpgsql(settings.ConnectionString).Options);
        await DatabaseMigrator.MigrateAsync(db, settings, CancellationToken.None); // migrated: starts

        await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_events DISABLE TRIGGER audit_events_seal");
        var disabled = await Assert.ThrowsAsync<KepOfficeStartupException>(() => DatabaseMigrator.MigrateAsync(db, settings, CancellationToken.None));
        Assert.Contains("отключён триггер audit_events_seal", disabled.Message);

        await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_events ENABLE TRIGGER audit_events_seal");
        await DatabaseMigrator.MigrateAsync(db, settings, CancellationToken.None);

        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_events_seal ON audit_events");
        var missing = await Assert.ThrowsAsync<KepOfficeStartupException>(() => DatabaseMigrator.MigrateAsync(db, settings, CancellationToken.None));
        Assert.Contains("нет триггера audit_events_seal", missing.Message);
    }

    [Fact]
    public async Task A_PostgreSQL_database_not_in_UTF8_stops_start_up()
    {
        var name = "kep_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new Npgsql.NpgsqlConnection(TestEnvironment.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0", admin);
            await create.ExecuteNonQueryAsync();
        }

        var settings = new DatabaseSettings(DatabaseProvider.PostgreSql,
            new Npgsql.NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString) { Database = name }.ConnectionString);
        await using var db = new PostgresKepOfficeDbContext(
            new DbContextOptionsBuilder<PostgresKepOfficeDbContext>().UseNpgsql(settings.ConnectionString).Options);

        var error = await Assert.ThrowsAsync<KepOfficeStartupException>(() => DatabaseMigrator.MigrateAsync(db, settings, CancellationToken.None));

        Assert.Contains("в кодировке SQL_ASCII", error.Message);
    }

    [Fact]
    public async Task Server_process_with_unreachable_database_exits_with_a_clear_message_and_no_stack_trace()
    {
        var webDll = Path.Combine(AppContext.BaseDirectory, "KepOffice.Web.dll");
        var dataPath = Directory.CreateTempSubdirectory("kepoffice-start-").FullName;
        var start = new ProcessStartInfo("dotnet", [webDll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = dataPath,
        };
        start.Environment["ConnectionStrings__KepOffice"] = "Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Timeout=2";
        start.Environment["KepOffice__DataPath"] = dataPath;

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stderr + await stdout;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("KepOffice не запущен", output);
        Assert.Contains("ConnectionStrings__KepOffice", output);
        Assert.DoesNotContain("   at ", output);
    }
}
