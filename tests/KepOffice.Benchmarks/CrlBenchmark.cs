using System.Diagnostics;
using System.Globalization;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Authority;
using KepOffice.Pki.Keys;
using KepOffice.Pki.Revocation;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace KepOffice.Benchmarks;

/// <summary>
/// CRL generation time and memory. Each measurement runs in a fresh child process so that the peak
/// working set belongs to that CRL alone; BouncyCastle's X509V2CrlGenerator is the in-process peer.
/// </summary>
internal static class CrlBenchmark
{
    public const string ChildSwitch = "--crl-child";

    public static void Run(IReadOnlyList<int> sizes, int peerLimit)
    {
        Results.Header("CRL generation (GOST 256 CA, random 127-bit serials, reason codes, entries streamed from an IEnumerable)");
        foreach (var size in sizes)
        {
            var ours = RunChild(size, "ours");
            Results.Line($"KepOffice.Pki CrlGenerator, {size:N0} entries", ours.Describe());
            if (size <= peerLimit)
            {
                var peer = RunChild(size, "bc");
                Results.Line($"BouncyCastle X509V2CrlGenerator, {size:N0} entries", peer.Describe());
                Results.Line("ratio time peer / ours (higher = ours faster)", Results.Ratio(peer.Seconds, ours.Seconds));
            }
        }
    }

    /// <summary>Entry point of the child process: generate one CRL and print RESULT seconds allocated peak size.</summary>
    public static async Task<int> ChildAsync(int size, string implementation)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kepoffice-bench-crl-" + Guid.NewGuid().ToString("N"));
        try
        {
            var keys = new SoftwareCaKeyProvider(directory, "benchmark passphrase", iterations: 1000);
            var root = await new CertificateAuthorityFactory(TimeProvider.System)
                .CreateRootAsync(new CaCreationRequest("crl", new CaName("Bench CRL CA", "KepOffice")), keys);
            var allocatedBefore = GC.GetTotalAllocatedBytes(true);
            var cpuBefore = Results.OwnCpu();
            var watch = Stopwatch.StartNew();
            byte[] crl;
            if (implementation == "ours")
            {
                crl = new CrlGenerator(TimeProvider.System).Generate(root, new CrlRequest(BigInteger.One, TimeSpan.FromDays(1)), Entries(size));
            }
            else
            {
                var generator = new X509V2CrlGenerator();
                generator.SetIssuerDN(root.Certificate.SubjectDN);
                generator.SetThisUpdate(DateTime.UtcNow);
                generator.SetNextUpdate(DateTime.UtcNow.AddDays(1));
                foreach (var entry in Entries(size))
                {
                    generator.AddCrlEntry(entry.SerialNumber, entry.RevocationDate.UtcDateTime, (int)entry.Reason);
                }

                generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.One));
                var privateKey = await keys.LoadPrivateKeyAsync("crl");
                crl = generator.Generate(new Asn1SignatureFactory("GOST3411-2012-256WITHECGOST3410-2012-256", privateKey)).GetEncoded();
            }

            watch.Stop();
            var cpu = Results.OwnCpu() - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT {watch.Elapsed.TotalSeconds} {allocated} {self.PeakWorkingSet64} {crl.Length} {cpu.TotalSeconds}"));
            return 0;
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    private static IEnumerable<RevokedCertificate> Entries(int size)
    {
        var random = new Random(size);
        var bytes = new byte[16];
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < size; i++)
        {
            random.NextBytes(bytes);
            bytes[0] = (byte)((bytes[0] & 0x7F) | 0x01);
            yield return new RevokedCertificate(new BigInteger(1, bytes), start.AddSeconds(i * 17L), (RevocationReason)(1 + (i % 5)));
        }
    }

    private static ChildResult RunChild(int size, string implementation)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CrlBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add(ChildSwitch);
        start.ArgumentList.Add(size.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(implementation);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("child failed: " + output);
        var parts = line.Split(' ');
        return new ChildResult(
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[3], CultureInfo.InvariantCulture),
            long.Parse(parts[4], CultureInfo.InvariantCulture),
            double.Parse(parts[5], CultureInfo.InvariantCulture));
    }

    private sealed record ChildResult(double Seconds, long Allocated, long PeakWorkingSet, long CrlBytes, double CpuSeconds)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{Seconds:N3} s (CPU {CpuSeconds:N3} s), allocated {Results.Megabytes(Allocated)}, peak WS {Results.Megabytes(PeakWorkingSet)}, CRL {Results.Megabytes(CrlBytes)}");
    }
}
