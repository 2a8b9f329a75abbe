using System.Diagnostics;

namespace KepOffice.IntegrationTests.Protection;

/// <summary>Runs KepOffice.Web as a real process (an administrator command) with settings given as environment variables.</summary>
internal static class ServerProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] arguments)
    {
        var webDll = Path.Combine(AppContext.BaseDirectory, "KepOffice.Web.dll");
        var start = new ProcessStartInfo("dotnet", [webDll, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["KepOffice__Demo__Password"] = Support.KepOfficeApp.DemoPassword;
        start.Environment["KepOffice__Admin__Password"] = Support.KepOfficeApp.AdminPassword;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
