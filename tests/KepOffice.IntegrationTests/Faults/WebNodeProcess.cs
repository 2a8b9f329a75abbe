using System.Diagnostics;
using KepOffice.Tests.Shared;

namespace KepOffice.IntegrationTests.Faults;

/// <summary>
/// One KepOffice.Web node as a real child process (<c>dotnet KepOffice.Web.dll</c>) on its own port, which the test may kill
/// with SIGKILL and start again on the same port. Its output goes to a log file in the test artifacts.
/// </summary>
internal sealed class WebNodeProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _logPath;
    private readonly object _logLock = new();
    private Process? _process;

    public WebNodeProcess(string name, IReadOnlyDictionary<string, string?> settings, string logFolder)
    {
        Name = name;
        _settings = settings;
        _logPath = Path.Combine(logFolder, $"{name}.log");
        Address = new Uri($"http://127.0.0.1:{Ports.Free()}");
    }

    public string Name { get; }

    public Uri Address { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The assembly the child process runs: the web host copied into this test project's output.</summary>
    public static string WebAssembly => Path.Combine(AppContext.BaseDirectory, "KepOffice.Web.dll");

    /// <summary>Starts the node and returns once /health/ready answers (migrations, seeding and Hangfire are up).</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        _process = Process.Start(StartInfo([WebAssembly, "--urls", Address.ToString().TrimEnd('/')])) ?? throw new InvalidOperationException("KepOffice.Web did not start");
        Log($"--- started, pid {_process.Id}");
        _process.OutputDataReceived += (_, e) => Log(e.Data);
        _process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready (log: {_logPath}).");
            }

            try
            {
                using var response = await probe.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not become ready within {timeout.TotalSeconds:F0} s (log: {_logPath}).");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks run, open transactions die with their connections.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            Log("--- SIGKILL");
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Runs a host command (e.g. <c>audit verify</c>) with this node's configuration; returns the exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] command)
    {
        using var process = Process.Start(StartInfo([WebAssembly, .. command])) ?? throw new InvalidOperationException("KepOffice.Web did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private ProcessStartInfo StartInfo(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            File.AppendAllText(_logPath, line + Environment.NewLine);
        }
    }
}
