using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace KepOffice.Benchmarks;

/// <summary>Counts the runtime's allocation samples (one per ~100 KB) by type while enabled: where the bytes go.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    public bool Recording { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (Recording && e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.Payload is { } payload)
        {
            var type = payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
        }
    }

    public void Print(int top)
    {
        var total = _bytes.Values.Sum();
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine($"    {bytes * 100.0 / total,5:F1}%  {type}");
        }
    }
}
