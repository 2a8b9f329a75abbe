using System.ComponentModel;
using System.Diagnostics;

namespace KepOffice.UnitTests.Core.Acts;

// Runs the real poppler tools on rendered acts. A missing tool fails the test: an act that was never
// read back proves nothing.
internal static class Poppler
{
    public static string ArtifactsDirectory { get; } = CreateArtifactsDirectory();

    public static string Save(string name, byte[] pdf)
    {
        var path = Path.Combine(ArtifactsDirectory, name + ".pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    public static string Text(string pdf) => Run("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-");

    public static string Info(string pdf) => Run("pdfinfo", pdf);

    public static string Fonts(string pdf) => Run("pdffonts", pdf);

    // Returns the PNG of page 1.
    public static string RenderFirstPage(string pdf, int dpi, string suffix = "")
    {
        var prefix = Path.Combine(ArtifactsDirectory, Path.GetFileNameWithoutExtension(pdf) + suffix);
        Run("pdftoppm", "-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", pdf, prefix);
        return prefix + ".png";
    }

    public static bool IsInstalled(string tool) =>
        Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(directory => File.Exists(Path.Combine(directory, tool))) == true;

    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"{tool} is not installed (apt-get install poppler-utils zbar-tools).", exception);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
            }

            return stdout.Result;
        }
    }

    private static string CreateArtifactsDirectory()
    {
        var root = Environment.GetEnvironmentVariable("KEPOFFICE_TEST_ARTIFACTS") is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, "artifacts");
        var directory = Path.Combine(root, "acts");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
