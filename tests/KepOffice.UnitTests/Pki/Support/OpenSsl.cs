using System.Diagnostics;

namespace KepOffice.UnitTests.Pki.Support;

/// <summary>Runs the real openssl binary with the GOST engine loaded through a private config.</summary>
public sealed class OpenSsl
{
    private const string EnginePath = "/usr/lib/x86_64-linux-gnu/engines-3/gost.so";
    private readonly string _config;

    public OpenSsl(string workDirectory)
    {
        WorkDirectory = workDirectory;
        Directory.CreateDirectory(workDirectory);
        _config = Path.Combine(workDirectory, "openssl-gost.cnf");
        File.WriteAllText(_config, $"""
            openssl_conf = openssl_def
            [openssl_def]
            engines = engine_section
            [engine_section]
            gost = gost_section
            [gost_section]
            engine_id = gost
            dynamic_path = {EnginePath}
            default_algorithms = ALL
            """);
    }

    public string WorkDirectory { get; }

    public string PathOf(string name) => Path.Combine(WorkDirectory, name);

    public string Write(string name, byte[] content)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = WorkDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the child sees the GOST config; the test process environment stays untouched.
        start.Environment["OPENSSL_CONF"] = _config;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public string RunOk(params string[] arguments)
    {
        var (code, output) = Run(arguments);
        Assert.True(code == 0, $"openssl {string.Join(' ', arguments)} failed ({code}):\n{output}");
        return output;
    }

    /// <summary>Fails (never skips) when openssl or its GOST engine is missing: CI installs both.</summary>
    public void EnsureGostAvailable()
    {
        Assert.True(File.Exists(EnginePath), $"GOST engine not found at {EnginePath}; install libengine-gost-openssl");
        var output = RunOk("engine", "-c", "gost");
        Assert.Contains("gost2012_256", output);
    }
}
