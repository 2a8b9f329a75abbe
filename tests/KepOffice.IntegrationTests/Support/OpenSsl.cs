using System.Diagnostics;

namespace KepOffice.IntegrationTests.Support;

/// <summary>The real openssl with Debian's GOST engine: the independent check of what we publish.</summary>
public static class OpenSsl
{
    private static readonly Lazy<string> Config = new(() =>
    {
        const string engine = "/usr/lib/x86_64-linux-gnu/engines-3/gost.so";
        if (!File.Exists(engine))
        {
            throw new InvalidOperationException("libengine-gost-openssl is not installed: run the tests through ./test.sh.");
        }

        var path = Path.Combine(Directory.CreateTempSubdirectory("kepoffice-openssl-").FullName, "openssl.cnf");
        File.WriteAllText(path, $"""
            openssl_conf = openssl_def
            [openssl_def]
            engines = engine_section
            [engine_section]
            gost = gost_section
            [gost_section]
            engine_id = gost
            dynamic_path = {engine}
            default_algorithms = ALL
            """);
        return path;
    });

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("openssl", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OPENSSL_CONF"] = Config.Value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
