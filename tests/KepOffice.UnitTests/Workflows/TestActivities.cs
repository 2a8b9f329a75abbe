using KepOffice.Workflows.Activities;

namespace KepOffice.UnitTests.Workflows;

/// <summary>Fails as often as the test tells it to, then completes.</summary>
internal sealed class FlakyActivity(FlakyActivity.Script script) : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Flaky",
        DisplayName = "Ненадёжное действие",
        Category = "Тесты",
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        Interlocked.Increment(ref script.Calls);
        if (Interlocked.Decrement(ref script.FailuresLeft) >= 0)
        {
            throw new TimeoutException("remote service did not answer for applicant Иванов");
        }

        return ValueTask.FromResult(ActivityResult.Complete(ActivityOutcomes.Done));
    }

    internal sealed class Script
    {
        public int FailuresLeft;
        public int Calls;
    }
}

/// <summary>A host activity with a derived outcome list and a scoped dependency, registered after AddWorkflows.</summary>
internal sealed class ScoreActivity(FlakyActivity.Script script) : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Score",
        DisplayName = "Оценка",
        Category = "Тесты",
        Inputs = [new() { Name = "threshold", DisplayName = "Порог", UiHint = InputUiHint.Number, Required = true }],
        Outcomes = ["High", "Low"],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        Interlocked.Increment(ref script.Calls);
        var threshold = context.GetInput<double>("threshold");
        var score = context.GetInput<double?>("score") ?? context.GetVariable("score")?.GetValue<double>() ?? 0;
        return ValueTask.FromResult(ActivityResult.Complete(score >= threshold ? "High" : "Low"));
    }
}
