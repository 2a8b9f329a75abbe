using System.Diagnostics;
using System.Globalization;
using KepOffice.Tests.Shared;
using Npgsql;

namespace KepOffice.IntegrationTests.Faults;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb + pg_ctl from KEPOFFICE_TEST_PG_BIN in a temporary folder, on a free
/// loopback port), so that the test can restart it without disturbing the server every other test uses. As root the
/// server runs as the postgres account, because PostgreSQL refuses to run as root.
/// </summary>
internal sealed class ThrowAwayPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;

    private ThrowAwayPostgres(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The temporary folder of the cluster; whatever else is put here goes with it.</summary>
    public string Folder => _folder;

    private string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>The connection string of a database on this cluster.</summary>
    public string ConnectionString(string database, int maxPoolSize) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, MaxPoolSize = maxPoolSize }.ConnectionString;

    public static async Task<ThrowAwayPostgres> StartAsync()
    {
        var bin = MailDevProcess.Require("KEPOFFICE_TEST_PG_BIN");
        var folder = Directory.CreateTempSubdirectory("kepoffice-faults-pg-").FullName;
        var cluster = new ThrowAwayPostgres(folder, bin, Ports.Free());
        if (IsRoot)
        {
            await RunAsync("chmod", "755", folder);
            await RunAsync("chown", "-R", "postgres", folder);
        }

        await cluster.RunPgAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.PgCtlAsync("start");
        return cluster;
    }

    /// <summary>pg_ctl restart: every open connection of the nodes is cut.</summary>
    public Task RestartAsync(string mode) => PgCtlAsync("restart", "-m", mode);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", 2));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPgAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder.
        }
    }

    // fsync=off keeps the cluster fast and is safe here: an immediate restart kills PostgreSQL's processes, not the machine,
    // so what was written reaches the disk through the OS. synchronous_commit stays on: with it off, a commit is answered
    // before its WAL is written, and an immediate restart would take back transactions the nodes were told had committed.
    private Task PgCtlAsync(string command, params string[] options) => RunPgAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", Path.Combine(_folder, "postgres.log"), "-w", "-t", "60", command, .. options,
        "-o", string.Create(CultureInfo.InvariantCulture,
            $"-k {_folder} -p {Port} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c full_page_writes=off"),
    ]);

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunPgAsync(string program, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments]) : RunAsync(Path.Combine(_bin, program), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
