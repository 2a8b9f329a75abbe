using System.Diagnostics;
using Xunit.Abstractions;

namespace KepOffice.UnitTests.Fuzzing;

/// <summary>
/// A fixed-budget, fixed-seed fuzz loop: each case runs with a time limit, and any exception that the target does not
/// document fails the test with the case number, the mutation and the input (hex), so the failure can be replayed.
/// </summary>
internal static class FuzzRunner
{
    public sealed record Case(string Mutation, byte[] Input);

    public sealed record Summary(int Cases, int Accepted, int Refused, TimeSpan Elapsed, TimeSpan Slowest);

    public static Summary Run(
        ITestOutputHelper output, string target, int seed, int iterations, TimeSpan perCaseLimit,
        Func<Random, Case> generate, Action<byte[]> run, Func<Exception, bool> documented)
    {
        var random = new Random(seed);
        int accepted = 0, refused = 0;
        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var fuzzCase = generate(random);
            var watch = Stopwatch.StartNew();
            var work = Task.Run(() => run(fuzzCase.Input));
            var finished = Task.WaitAny([work], perCaseLimit) == 0;
            watch.Stop();
            if (!finished)
            {
                throw new Xunit.Sdk.XunitException($"{target}: case {i} ({fuzzCase.Mutation}) ran longer than {perCaseLimit.TotalSeconds} s. Input: {Convert.ToHexString(fuzzCase.Input)}");
            }

            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            if (work.Exception?.InnerException is not { } error)
            {
                accepted++;
            }
            else if (documented(error))
            {
                refused++;
            }
            else
            {
                throw new Xunit.Sdk.XunitException(
                    $"{target}: case {i} (seed {seed}, {fuzzCase.Mutation}) threw an undocumented {error.GetType().FullName}: {error.Message}\nInput: {Convert.ToHexString(fuzzCase.Input)}\n{error}");
            }
        }

        var summary = new Summary(iterations, accepted, refused, total.Elapsed, slowest);
        output.WriteLine($"{target}: {summary.Cases} cases (seed {seed}) in {summary.Elapsed.TotalSeconds:F1} s: {summary.Accepted} accepted, " +
            $"{summary.Refused} refused with the documented error, slowest case {summary.Slowest.TotalMilliseconds:F0} ms");
        return summary;
    }

    public static byte[] FlipBits(Random random, byte[] input)
    {
        var copy = (byte[])input.Clone();
        for (var n = random.Next(1, 5); n > 0 && copy.Length > 0; n--)
        {
            var i = random.Next(copy.Length);
            copy[i] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    public static byte[] Truncate(Random random, byte[] input) => input[..random.Next(input.Length)];

    public static byte[] Splice(Random random, byte[] a, byte[] b) => [.. a[..random.Next(a.Length + 1)], .. b[random.Next(b.Length + 1)..]];

    public static byte[] InsertOrDelete(Random random, byte[] input)
    {
        var at = random.Next(input.Length + 1);
        if (random.Next(2) == 0 && at < input.Length)
        {
            return [.. input[..at], .. input[Math.Min(input.Length, at + random.Next(1, 9))..]];
        }

        var junk = new byte[random.Next(1, 9)];
        random.NextBytes(junk);
        return [.. input[..at], .. junk, .. input[at..]];
    }
}
