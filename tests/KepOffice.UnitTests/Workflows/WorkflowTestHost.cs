using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KepOffice.Workflows;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Persistence;
using KepOffice.Workflows.Runtime;
using KepOffice.Workflows.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KepOffice.UnitTests.Workflows;

public enum TestDatabase
{
    SqliteMemory,
    SqliteFile,
    Postgres,
}

/// <summary>Runs a theory on a SQLite file and on the test PostgreSQL server (KEPOFFICE_TEST_PG, set by ./test.sh).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class WorkflowDatabasesAttribute : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod)
    {
        yield return [TestDatabase.SqliteFile];
        yield return [TestDatabase.Postgres];
    }
}

/// <summary>The application DbContext as Core will write it: its own tables plus ApplyWorkflowsModel.</summary>
internal sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyWorkflowsModel();
}

/// <summary>WAL with synchronous=NORMAL: still one writer at a time, far fewer fsyncs in tests.</summary>
internal sealed class RelaxedSyncInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}

internal sealed class RecordingEmailSender : IWorkflowEmailSender
{
    public List<WorkflowEmailRequest> Sent { get; } = [];

    public Task SendAsync(WorkflowEmailRequest request, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add(request);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A real SQLite database (in memory or a WAL file) with the runtime registered as the host will.</summary>
internal sealed class WorkflowTestHost : IAsyncDisposable
{
    private readonly SqliteConnection? _keepAlive;
    private readonly TestDatabase _database;
    private readonly string? _location;
    private readonly bool _owner;
    private readonly AsyncServiceScope _scope;

    private WorkflowTestHost(
        ServiceProvider provider, SqliteConnection? keepAlive, TestDatabase database, string? location, bool owner, FakeTimeProvider time, RecordingEmailSender email)
    {
        Provider = provider;
        Time = time;
        Email = email;
        _keepAlive = keepAlive;
        _database = database;
        _location = location;
        _owner = owner;
        _scope = provider.CreateAsyncScope();
    }

    public static WorkflowActor Operator { get; } = new("op-1", "Оператор Один", ["Operator"]);
    public static WorkflowActor Operator2 { get; } = new("op-2", "Оператор Два", ["Operator"]);
    public static WorkflowActor Manager { get; } = new("mgr-1", "Руководитель", ["Manager"]);
    public static WorkflowActor Auditor { get; } = new("aud-1", "Аудитор", ["Auditor"]);

    public ServiceProvider Provider { get; }
    public FakeTimeProvider Time { get; }
    public RecordingEmailSender Email { get; }
    public WorkflowDefinitionService Definitions => _scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>();
    public WorkflowInstanceService Instances => _scope.ServiceProvider.GetRequiredService<WorkflowInstanceService>();
    public HumanTaskService Tasks => _scope.ServiceProvider.GetRequiredService<HumanTaskService>();
    public WorkflowStimulusService Stimuli => _scope.ServiceProvider.GetRequiredService<WorkflowStimulusService>();
    public WorkflowMigrationService Migrations => _scope.ServiceProvider.GetRequiredService<WorkflowMigrationService>();
    public WorkflowMaintenance Maintenance => _scope.ServiceProvider.GetRequiredService<WorkflowMaintenance>();
    public ActivityRegistry Registry => Provider.GetRequiredService<ActivityRegistry>();
    internal WorkflowEngine Engine => Provider.GetRequiredService<WorkflowEngine>();

    /// <summary>Admin connection string of the test PostgreSQL server; a missing one fails the test instead of skipping it.</summary>
    public static string PostgresConnectionString => Environment.GetEnvironmentVariable("KEPOFFICE_TEST_PG") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("KEPOFFICE_TEST_PG is not set: run the tests through ./test.sh, which starts PostgreSQL.");

    public static Task<WorkflowTestHost> InMemoryAsync(Action<WorkflowsOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        CreateAsync(TestDatabase.SqliteMemory, configure, services);

    public static Task<WorkflowTestHost> FileAsync(Action<WorkflowsOptions>? configure = null) => CreateAsync(TestDatabase.SqliteFile, configure, null);

    public static Task<WorkflowTestHost> CreateAsync(TestDatabase database, Action<WorkflowsOptions>? configure = null) => CreateAsync(database, configure, null);

    /// <summary>A second "node" on the database of <paramref name="first"/>: own services, own process-local locks.</summary>
    public static Task<WorkflowTestHost> SecondNodeAsync(WorkflowTestHost first, string nodeId) =>
        CreateAsync(first._database, o => o.NodeId = nodeId, null, first._location ?? throw new InvalidOperationException("Shared database required."));

    private static async Task<WorkflowTestHost> CreateAsync(
        TestDatabase database, Action<WorkflowsOptions>? configure, Action<IServiceCollection>? extraServices, string? shared = null)
    {
        SqliteConnection? keepAlive = null;
        string? location = null;
        var services = new ServiceCollection();
        switch (database)
        {
            case TestDatabase.SqliteFile:
                location = shared ?? Path.Combine(Path.GetTempPath(), $"kep-wf-{Guid.NewGuid():N}.db");
                var fileConnection = $"Data Source={location};Default Timeout=60";
                services.AddDbContext<TestDbContext>(o => o.UseSqlite(fileConnection).AddInterceptors(new RelaxedSyncInterceptor()));
                break;
            case TestDatabase.Postgres:
                location = shared ?? $"{PostgresConnectionString};Database=kep_wf_{Guid.NewGuid():N}";
                var pgConnection = location;
                services.AddDbContext<TestDbContext>(o => o.UseNpgsql(pgConnection));
                break;
            default:
                keepAlive = new SqliteConnection("Data Source=:memory:");
                await keepAlive.OpenAsync();
                services.AddDbContext<TestDbContext>(o => o.UseSqlite(keepAlive));
                break;
        }

        var email = new RecordingEmailSender();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IWorkflowEmailSender>(email);
        services.AddSingleton<FlakyActivity.Script>();
        services.AddWorkflows<TestDbContext>(o =>
        {
            o.NodeId = "test-node";
            o.Retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromSeconds(10), Multiplier = 2 };
            o.AddActivity<FlakyActivity>();
            configure?.Invoke(o);
        });
        extraServices?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var host = new WorkflowTestHost(provider, keepAlive, database, location, owner: shared is null, time, email);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await db.Database.EnsureCreatedAsync();
            if (database == TestDatabase.SqliteFile)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }

        return host;
    }

    public async Task<T> QueryAsync<T>(Func<WorkflowDb, Task<T>> query)
    {
        await using var scope = Provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowDb>());
    }

    public async Task<WorkflowDefinitionVersionInfo> PublishAsync(WorkflowDefinitionModel model)
    {
        var draft = await Definitions.SaveDraftAsync(model, Manager);
        return await Definitions.PublishAsync(model.Id, draft.Version, Manager);
    }

    public Task<WorkflowStartResult> StartAsync(string definitionId, string? correlationId = null, JsonObject? input = null) =>
        Instances.StartAsync(definitionId, new StartWorkflowRequest { CorrelationId = correlationId, Input = input }, Operator);

    public async Task<IReadOnlyList<HumanTaskView>> OpenTasksAsync(Guid instanceId) =>
        (await Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Take = 500 }, new WorkflowActor("any", "Любой", ["Operator", "Manager"]))).Items;

    public async Task<JsonObject> VariablesAsync(Guid instanceId) =>
        await QueryAsync(async db => InstanceState.FromJson((await db.States.SingleAsync(s => s.InstanceId == instanceId)).StateJson).Variables);

    public static string SamplePath(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Samples", name);

    public static string RepositoryPath(string relative, [CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", relative));

    public async ValueTask DisposeAsync()
    {
        if (_owner && _database == TestDatabase.Postgres)
        {
            await using var scope = Provider.CreateAsyncScope();
            Npgsql.NpgsqlConnection.ClearAllPools();
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureDeletedAsync();
        }

        await _scope.DisposeAsync();
        await Provider.DisposeAsync();
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync();
        }

        if (_owner && _database == TestDatabase.SqliteFile && _location is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_location + suffix);
            }
        }
    }
}
