using System.Globalization;

namespace KepOffice.Benchmarks;

/// <summary>Prints aligned result lines with invariant number formatting.</summary>
internal static class Results
{
    public static void Header(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}");
    }

    public static void Line(string label, string value) => Console.WriteLine($"  {label,-58} {value}");

    /// <summary>CPU time of this process so far; rates per CPU-second stay comparable when other work shares the cores.</summary>
    public static TimeSpan OwnCpu()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// Runs <paramref name="round"/> and returns how many methods a second the runtime compiled meanwhile. Warm-ups repeat
    /// rounds until this falls below 50: a node serves for days, and its first seconds of tiered recompilation of EF, MailKit
    /// and the like are not its steady state.
    /// </summary>
    public static async Task<double> JitRateDuringAsync(Func<Task> round)
    {
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await round();
        return (System.Runtime.JitInfo.GetCompiledMethodCount() - compiled) / System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    public static string Rate(double perSecond) => perSecond.ToString("N1", CultureInfo.InvariantCulture) + " /s";

    public static string Ratio(double ours, double peer) => peer <= 0 ? "n/a" : (ours / peer).ToString("N2", CultureInfo.InvariantCulture) + "x";

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("N3", CultureInfo.InvariantCulture) + " s";

    public static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("N1", CultureInfo.InvariantCulture) + " MB";
}
