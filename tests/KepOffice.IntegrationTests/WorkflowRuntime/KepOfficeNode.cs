using System.Data.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.AspNetCore;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.WorkflowRuntime;

/// <summary>One KepOffice node in-process on an existing PostgreSQL database, so that several nodes can share it.</summary>
public sealed class KepOfficeNode : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public KepOfficeNode(string connectionString, IDictionary<string, string?>? settings = null)
    {
        ConnectionString = connectionString;
        DataPath = Directory.CreateTempSubdirectory("kepoffice-node-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:KepOffice"] = connectionString,
            ["KepOffice:DataPath"] = DataPath,
            ["KepOffice:Admin:Password"] = KepOfficeApp.AdminPassword,
            ["KepOffice:Demo:Password"] = KepOfficeApp.DemoPassword,
            ["KepOffice:Hangfire:WorkerCount"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string ConnectionString { get; }

    public string DataPath { get; }

    /// <summary>Starts the host now (migrations, seeding, workflow import, Hangfire server).</summary>
    public KepOfficeNode Started()
    {
        _ = Server;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");

        // Hangfire's AddHangfire hands every host the process-wide JobActivator.Current, which the host configured
        // last overwrites: with several hosts in one test process a node would run its jobs in another (possibly
        // disposed) node's container. A real node is alone in its process; here each gets its own activator.
        builder.ConfigureTestServices(services =>
            services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>())));
    }

    public async Task<HttpClient> CreateClientForAsync(string login, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.Timeout = TimeSpan.FromMinutes(2);
        var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<KepOfficeApp.TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>Reads the runtime's tables directly (the record types are internal to the runtime).</summary>
internal static class WorkflowTables
{
    public static async Task<List<Dictionary<string, object?>>> QueryAsync(IServiceProvider services, string sql)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            return await ReadAllAsync(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<Dictionary<string, object?>>> ReadAllAsync(DbDataReader reader)
    {
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

    /// <summary>Tasks, bookmarks, instances and completed journal rows of the runtime, as plain rows.</summary>
    public static async Task<Snapshot> SnapshotAsync(IServiceProvider services)
    {
        var instances = await QueryAsync(services, """SELECT "Id", "Status", "LeaseOwner" FROM wf_instances""");
        var tasks = await QueryAsync(services, """SELECT "Id", "InstanceId", "BookmarkId", "ActivityId", "Status", "Outcome" FROM wf_tasks""");
        var bookmarks = await QueryAsync(services, """SELECT "Id", "InstanceId", "ActivityId", "Kind" FROM wf_bookmarks""");
        var journal = await QueryAsync(services, """SELECT "InstanceId", "ActivityId", "Status", "Outcome" FROM wf_journal""");
        return new Snapshot(
            instances.Select(r => new InstanceRow(Id(r["Id"]), (string)r["Status"]!, r["LeaseOwner"] as string)).ToList(),
            tasks.Select(r => new TaskRow(Id(r["Id"]), Id(r["InstanceId"]), r["BookmarkId"] is null ? null : Id(r["BookmarkId"]), (string)r["ActivityId"]!, (string)r["Status"]!, r["Outcome"] as string)).ToList(),
            bookmarks.Select(r => new BookmarkRow(Id(r["Id"]), Id(r["InstanceId"]), (string)r["ActivityId"]!, (string)r["Kind"]!)).ToList(),
            journal.Select(r => new JournalRow(Id(r["InstanceId"]), (string)r["ActivityId"]!, (string)r["Status"]!, r["Outcome"] as string)).ToList());
    }

    // SQLite hands GUIDs back as text, PostgreSQL as Guid.
    private static Guid Id(object? value) => value is Guid g ? g : Guid.Parse((string)value!);

    public sealed record Snapshot(List<InstanceRow> Instances, List<TaskRow> Tasks, List<BookmarkRow> Bookmarks, List<JournalRow> Journal);

    public sealed record InstanceRow(Guid Id, string Status, string? LeaseOwner);

    public sealed record TaskRow(Guid Id, Guid InstanceId, Guid? BookmarkId, string ActivityId, string Status, string? Outcome);

    public sealed record BookmarkRow(Guid Id, Guid InstanceId, string ActivityId, string Kind);

    public sealed record JournalRow(Guid InstanceId, string ActivityId, string Status, string? Outcome);
}
