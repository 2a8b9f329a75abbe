using System.Diagnostics;
using KepOffice.Benchmarks;
using KepOffice.Pki.Algorithms;

// A Stopwatch harness rather than BenchmarkDotNet: the peer is an external process (openssl) measured in the same run.
if (args.Length == 3 && args[0] == CrlBenchmark.ChildSwitch)
{
    return await CrlBenchmark.ChildAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]);
}

var quick = args.Contains("--quick");
// --only pki,crl,acts,email,workflows,process,lifecycle runs a subset (default: every area).
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? ["pki", "crl", "acts", "email", "workflows", "process", "lifecycle"];
var total = Stopwatch.StartNew();
Console.WriteLine($"KepOffice benchmarks ({(quick ? "quick" : "full")}), {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
var directory = Path.Combine(Path.GetTempPath(), "kepoffice-bench-" + Guid.NewGuid().ToString("N"));
var peer = new OpenSslPeer(directory);
Console.WriteLine($"  peer: {peer.Run("version").Trim()} with the GOST engine (libengine-gost-openssl)");
Console.WriteLine($"  load average at start: {LoadAverage()} (other work on the machine lowers wall-clock rates; per CPU-second rates are less affected)");
try
{
    if (only.Contains("pki"))
    {
        var time = TimeProvider.System;
        var issued = quick ? 400 : 2000;
        var opensslIssued = quick ? 100 : 400;
        await IssuanceBenchmark.RunAsync(KeySpec.Gost256, issued, opensslIssued, peer, time);
        await IssuanceBenchmark.RunAsync(KeySpec.EcdsaP256, issued, opensslIssued, peer, time);

        var duration = TimeSpan.FromSeconds(quick ? 1 : 3);
        var signatures = quick ? 300 : 1000;
        SignatureBenchmark.Run(KeySpec.Gost256, duration, signatures, peer);
        SignatureBenchmark.Run(KeySpec.Gost512, duration, signatures, peer);
    }

    if (only.Contains("crl"))
    {
        CrlBenchmark.Run([10_000, 100_000, 1_000_000], peerLimit: quick ? 100_000 : 1_000_000);
    }

    // The areas below need the real servers that ./test.sh starts (KEPOFFICE_TEST_PG, KEPOFFICE_TEST_SMTP_*).
    if (only.Contains("acts"))
    {
        KepOffice.Benchmarks.Acts.ActRenderingBenchmark.Run(quick ? 300 : 2000);
    }

    if (only.Contains("email") && Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_HOST") is { Length: > 0 })
    {
        await KepOffice.Benchmarks.Email.OutboxDeliveryBenchmark.RunAsync(quick ? 300 : 1000);
    }

    if (only.Contains("workflows") && (Environment.GetEnvironmentVariable("KEPOFFICE_TEST_PG") is { Length: > 0 } || args.Contains("--pg")))
    {
        await KepOffice.Benchmarks.Workflows.WorkflowRuntimeBenchmark.RunAsync(args, quick);
    }

    if (only.Contains("process") && Environment.GetEnvironmentVariable("KEPOFFICE_TEST_PG") is { Length: > 0 }
        && Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_HOST") is { Length: > 0 })
    {
        await WholeProcessBenchmark.RunAsync(quick);
    }

    if (only.Contains("lifecycle") && Environment.GetEnvironmentVariable("KEPOFFICE_TEST_PG") is { Length: > 0 } pg
        && Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_HOST") is { Length: > 0 })
    {
        // --cold measures the jobs in a process that has not run them before (no warm-up round).
        await KepOffice.Benchmarks.Lifecycle.LifecycleBenchmark.RunAsync(pg, quick ? 200_000 : 1_000_000, quick ? 1_000 : 3_000, warmUp: !args.Contains("--cold"));
    }
}
finally
{
    Directory.Delete(directory, true);
}

Console.WriteLine();
Console.WriteLine($"Total time: {Results.Seconds(total.Elapsed)}; load average at end: {LoadAverage()}");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
