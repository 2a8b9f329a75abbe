using KepOffice.Workflows.Activities;

namespace KepOffice.Workflows;

/// <summary>Configuration of the workflow runtime, set in <c>AddWorkflows</c>.</summary>
public sealed class WorkflowsOptions
{
    private readonly Dictionary<string, (Type Type, ActivityDescriptor Descriptor)> _activities = new(StringComparer.Ordinal);

    /// <summary>Automatic retry of failing activities.</summary>
    public RetryPolicy Retry { get; set; } = new();

    /// <summary>Limits of the JavaScript sandbox.</summary>
    public ExpressionLimits ExpressionLimits { get; set; } = new();

    /// <summary>How long a node holds an executing instance without a heartbeat before another may take it over.</summary>
    public TimeSpan StaleInstanceTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a stimulus waits in the inbox for a matching bookmark.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Workflow transactions this node runs at once; more callers wait their turn in arrival order (0: no limit). A database
    /// does the most work with a few active transactions per core; beyond that the extra ones only lengthen everyone's wait,
    /// and unevenly. Default: twice the processor count, at least 4.
    /// </summary>
    public int MaxConcurrentTransactions { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>Activities executed per transaction before the state is committed and the lease renewed.</summary>
    public int MaxActivitiesPerTransaction { get; set; } = 100;

    /// <summary>
    /// Activities an instance may execute without waiting on a bookmark before it is stopped with an incident
    /// (<see cref="Runtime.RunawayWorkflowException"/>); protects the host from endless loops in a flowchart.
    /// </summary>
    public int MaxActivitiesWithoutWait { get; set; } = 10_000;

    /// <summary>Role that may cancel or retry instances and reassign or unclaim any task.</summary>
    public string SupervisorRole { get; set; } = "Manager";

    /// <summary>Identifies this node in instance leases.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    internal IReadOnlyDictionary<string, (Type Type, ActivityDescriptor Descriptor)> Activities => _activities;

    /// <summary>Registers an activity type; its <see cref="IActivity.Descriptor"/> names it. A later registration of the same name replaces the earlier.</summary>
    public WorkflowsOptions AddActivity<T>() where T : class, IActivity
    {
        var descriptor = T.Descriptor;
        _activities[descriptor.TypeName] = (typeof(T), descriptor);
        return this;
    }
}

/// <summary>Exponential back-off: attempt n waits <c>InitialDelay * Multiplier^(n-1)</c>, capped at <see cref="MaxDelay"/>.</summary>
public sealed class RetryPolicy
{
    /// <summary>Total attempts including the first; 1 disables retries.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the second attempt.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Growth factor per attempt.</summary>
    public double Multiplier { get; set; } = 2;

    /// <summary>Upper bound of a delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>This policy with what an activity of a definition sets for itself (validated on save).</summary>
    internal RetryPolicy With(Definitions.WorkflowRetryModel? own) => own is null
        ? this
        : new RetryPolicy
        {
            MaxAttempts = own.MaxAttempts ?? MaxAttempts,
            InitialDelay = Activities.ActivityExecutionContext.ParseDuration(own.InitialDelay) ?? InitialDelay,
            Multiplier = own.Multiplier ?? Multiplier,
            MaxDelay = Activities.ActivityExecutionContext.ParseDuration(own.MaxDelay) ?? MaxDelay,
        };

    internal TimeSpan DelayBefore(int nextAttempt)
    {
        var factor = Math.Pow(Multiplier, Math.Max(0, nextAttempt - 2));
        var ticks = Math.Min(InitialDelay.Ticks * factor, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>Limits of the JavaScript sandbox.</summary>
public sealed class ExpressionLimits
{
    /// <summary>Wall-clock limit per evaluation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bytes an evaluation may allocate.</summary>
    public long MemoryBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Statements an evaluation may run.</summary>
    public int MaxStatements { get; set; } = 10_000;

    /// <summary>Call depth.</summary>
    public int MaxRecursionDepth { get; set; } = 64;
}
