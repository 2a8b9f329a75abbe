namespace KepOffice.Workflows.Activities;

/// <summary>
/// An activity: when executed it either completes with one or more outcomes or asks for bookmarks and waits.
/// Implementations are resolved from DI per execution (transient), so they may take scoped services.
/// Register with <see cref="WorkflowsOptions.AddActivity{T}"/>.
/// </summary>
public interface IActivity
{
    /// <summary>What the designer and the validator know about the activity type.</summary>
    static abstract ActivityDescriptor Descriptor { get; }

    /// <summary>Runs the activity. Throwing an exception triggers the retry policy and, when it is exhausted, an incident.</summary>
    ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when one of the activity's bookmarks is resumed (<see cref="ActivityExecutionContext.Bookmark"/> is set). Completes with <c>Done</c> by default.</summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Complete(ActivityOutcomes.Done));
}

/// <summary>Well-known outcome names.</summary>
public static class ActivityOutcomes
{
    /// <summary>The default outcome.</summary>
    public const string Done = "Done";
    /// <summary>Decision's positive outcome.</summary>
    public const string True = "True";
    /// <summary>Decision's negative outcome.</summary>
    public const string False = "False";
    /// <summary>Switch's outcome when no case matches.</summary>
    public const string Default = "Default";
}
