using System.Diagnostics;

namespace KepOffice.Benchmarks;

/// <summary>The peer: the system openssl with the GOST engine, loaded through a private config file.</summary>
internal sealed class OpenSslPeer
{
    private readonly string _config;

    public OpenSslPeer(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _config = Path.Combine(directory, "openssl-gost.cnf");
        File.WriteAllText(_config, """
            openssl_conf = openssl_def
            [openssl_def]
            engines = engine_section
            [engine_section]
            gost = gost_section
            [gost_section]
            engine_id = gost
            dynamic_path = /usr/lib/x86_64-linux-gnu/engines-3/gost.so
            default_algorithms = ALL
            """);
    }

    public string Directory { get; }

    /// <summary>
    /// CPU time (user + system) of the child processes reaped so far, from /proc/self/stat (cutime + cstime):
    /// Process.TotalProcessorTime is no longer readable once a child has exited on Linux.
    /// </summary>
    public TimeSpan CpuTime
    {
        get
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            const double ticksPerSecond = 100; // USER_HZ on Linux
            var ticks = long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ticksPerSecond);
        }
    }

    public string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OPENSSL_CONF"] = _config;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {stderr.Result}");
        }

        return stdout.Result;
    }
}
