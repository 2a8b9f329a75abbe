using System.Text.Json.Nodes;

namespace KepOffice.Workflows.Activities.BuiltIn;

/// <summary>Where every instance begins; exactly one per definition.</summary>
public sealed class StartActivity : IActivity
{
    /// <summary>Type name in definition JSON.</summary>
    public const string TypeName = "Start";

    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        DisplayName = "Начало",
        Category = "Управление",
        Description = "Точка входа процесса.",
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(ActivityOutcomes.Done));
}

/// <summary>Ends the branch; the instance finishes once nothing is left pending.</summary>
public sealed class EndActivity : IActivity
{
    /// <summary>Type name in definition JSON.</summary>
    public const string TypeName = "End";

    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        DisplayName = "Конец",
        Category = "Управление",
        Description = "Завершает ветвь; процесс завершается, когда не остаётся ожидающих ветвей.",
        Outcomes = [],
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Complete());
}

/// <summary>Evaluates a JavaScript condition and follows <c>True</c> or <c>False</c>.</summary>
public sealed class DecisionActivity : IActivity
{
    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Decision",
        DisplayName = "Условие",
        Category = "Управление",
        Inputs = [new() { Name = "condition", DisplayName = "Условие", UiHint = InputUiHint.Expression, Required = true }],
        Outcomes = [ActivityOutcomes.True, ActivityOutcomes.False],
        OutcomeDisplayNames = new Dictionary<string, string> { [ActivityOutcomes.True] = "Да", [ActivityOutcomes.False] = "Нет" },
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(context.GetInputBool("condition") ? ActivityOutcomes.True : ActivityOutcomes.False));
}

/// <summary>Named cases, each a JavaScript condition; follows the first that holds, else <c>Default</c>.</summary>
public sealed class SwitchActivity : IActivity
{
    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Switch",
        DisplayName = "Выбор",
        Category = "Управление",
        Inputs =
        [
            new()
            {
                Name = "cases", DisplayName = "Варианты", UiHint = InputUiHint.OutcomesList, Required = true, LiteralOnly = true,
                Description = "Список объектов { name, condition }; condition — выражение JavaScript.",
                ItemExpressionField = "condition",
            },
        ],
        Outcomes = [ActivityOutcomes.Default],
        OutcomeDisplayNames = new Dictionary<string, string> { [ActivityOutcomes.Default] = "Иначе" },
        OutcomesFromInput = "cases",
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.GetInput("cases") is JsonArray cases)
        {
            foreach (var item in cases.OfType<JsonObject>())
            {
                var name = item["name"]?.GetValue<string>();
                var condition = item["condition"]?.GetValue<string>();
                if (name is not null && condition is not null && context.EvaluateCondition(condition, $"cases.{name}"))
                {
                    return ValueTask.FromResult(ActivityResult.Complete(name));
                }
            }
        }

        return ValueTask.FromResult(ActivityResult.Complete(ActivityOutcomes.Default));
    }
}

/// <summary>Starts parallel branches: completes with every branch name at once.</summary>
public sealed class ForkActivity : IActivity
{
    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Fork",
        DisplayName = "Параллельно",
        Category = "Управление",
        Inputs = [new() { Name = "branches", DisplayName = "Ветви", UiHint = InputUiHint.OutcomesList, Required = true, LiteralOnly = true }],
        Outcomes = [],
        OutcomesFromInput = "branches",
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(ActivityRegistry.ReadNames(context.GetInput("branches")).ToArray()));
}

/// <summary>
/// Merges branches. <c>WaitAll</c> continues once every inbound activity has arrived; <c>WaitAny</c> continues on the
/// first arrival and cancels what is still pending on the other inbound branches.
/// </summary>
public sealed class JoinActivity : IActivity
{
    /// <summary>Type name in definition JSON.</summary>
    public const string TypeName = "Join";

    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        DisplayName = "Слияние",
        Category = "Управление",
        Inputs =
        [
            new()
            {
                Name = "mode", DisplayName = "Режим", UiHint = InputUiHint.Dropdown, LiteralOnly = true,
                Options = ["WaitAll", "WaitAny"], DefaultValue = "WaitAll",
            },
        ],
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (string.Equals(context.GetInputString("mode"), "WaitAny", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(ActivityResult.CompleteCancellingInbound(ActivityOutcomes.Done));
        }

        var arrived = context.GetActivityState() as JsonArray ?? [];
        if (context.SourceActivityId is { } source && !arrived.Any(a => a?.GetValue<string>() == source))
        {
            arrived.Add(source);
        }

        if (context.IncomingSources.All(s => arrived.Any(a => a?.GetValue<string>() == s)))
        {
            context.SetActivityState(null);
            return ValueTask.FromResult(ActivityResult.Complete(ActivityOutcomes.Done));
        }

        context.SetActivityState(arrived);
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
