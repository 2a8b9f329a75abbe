using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KepOffice.Workflows.Activities.BuiltIn;

/// <summary>Assigns a value to a variable.</summary>
public sealed class SetVariableActivity : IActivity
{
    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "SetVariable",
        DisplayName = "Присвоить переменную",
        Category = "Данные",
        Inputs =
        [
            new() { Name = "variable", DisplayName = "Переменная", UiHint = InputUiHint.VariablePicker, Required = true, LiteralOnly = true },
            new() { Name = "value", DisplayName = "Значение", UiHint = InputUiHint.Expression },
        ],
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var name = context.GetInputString("variable") ?? throw new InvalidOperationException("Variable name missing.");
        context.SetVariable(name, context.GetInput("value"));
        return ValueTask.FromResult(ActivityResult.Complete(ActivityOutcomes.Done));
    }
}

/// <summary>Waits for a duration (durable: a timer bookmark).</summary>
public sealed class DelayActivity : IActivity
{
    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Delay",
        DisplayName = "Пауза",
        Category = "Время",
        Inputs = [new() { Name = "duration", DisplayName = "Длительность", UiHint = InputUiHint.Duration, Required = true }],
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var duration = context.GetInputDuration("duration")
            ?? throw new FormatException("Duration input is not a valid duration.");
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer(context.Now + duration)));
    }
}

/// <summary>Waits until an absolute time computed by an expression (durable: a timer bookmark).</summary>
public sealed class TimerActivity : IActivity
{
    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "Timer",
        DisplayName = "Таймер",
        Category = "Время",
        Inputs =
        [
            new()
            {
                Name = "until", DisplayName = "Момент срабатывания", UiHint = InputUiHint.Expression, Required = true,
                Description = "Дата и время ISO 8601 (например, выражение new Date(...)); без часового пояса — UTC.",
            },
        ],
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var text = context.GetInputString("until");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due))
        {
            throw new FormatException("Timer input is not a date.");
        }

        return ValueTask.FromResult(due <= context.Now
            ? ActivityResult.Complete(ActivityOutcomes.Done)
            : ActivityResult.Suspend(BookmarkRequest.Timer(due)));
    }
}

/// <summary>Waits for a named stimulus correlated by the instance's correlation id; the payload can go into a variable.</summary>
public sealed class WaitForStimulusActivity : IActivity
{
    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "WaitForStimulus",
        DisplayName = "Ожидание события",
        Category = "Ожидание",
        Inputs =
        [
            new() { Name = "stimulus", DisplayName = "Имя события", UiHint = InputUiHint.Text, Required = true, LiteralOnly = true },
            new() { Name = "resultVariable", DisplayName = "Переменная для данных события", UiHint = InputUiHint.VariablePicker, LiteralOnly = true },
        ],
        Outputs = [new("payload", "Данные события", "Object")],
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var name = context.GetInputString("stimulus") ?? throw new InvalidOperationException("Stimulus name missing.");
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Stimulus(name)));
    }

    /// <inheritdoc />
    public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        if (context.GetInputString("resultVariable") is { Length: > 0 } variable)
        {
            context.SetVariable(variable, context.Bookmark?.Input);
        }

        return ValueTask.FromResult(ActivityResult.Complete(ActivityOutcomes.Done));
    }
}

/// <summary>Work for a person: a task row with role or assignee, form, outcomes, deadline and escalation.</summary>
public sealed class HumanTaskActivity : IActivity
{
    /// <summary>Type name in definition JSON.</summary>
    public const string TypeName = "HumanTask";

    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = TypeName,
        DisplayName = "Задача сотрудника",
        Category = "Люди",
        Inputs =
        [
            new() { Name = "title", DisplayName = "Заголовок", UiHint = InputUiHint.Text, Required = true },
            new() { Name = "description", DisplayName = "Описание", UiHint = InputUiHint.Multiline },
            new() { Name = "role", DisplayName = "Роль исполнителя", UiHint = InputUiHint.RolePicker, Required = true },
            new() { Name = "assignee", DisplayName = "Исполнитель (id пользователя)", UiHint = InputUiHint.Text },
            new() { Name = "notBy", DisplayName = "Не может выполнить (id пользователя; правило четырёх глаз)", UiHint = InputUiHint.Expression },
            new() { Name = "formFields", DisplayName = "Поля формы", UiHint = InputUiHint.FormFields, LiteralOnly = true },
            new() { Name = "outcomes", DisplayName = "Варианты решения", UiHint = InputUiHint.OutcomesList, Required = true, LiteralOnly = true },
            new() { Name = "dueIn", DisplayName = "Срок выполнения", UiHint = InputUiHint.Duration },
            new() { Name = "escalationRole", DisplayName = "Роль для эскалации", UiHint = InputUiHint.RolePicker },
        ],
        Outputs = [new("formData", "Данные формы (в переменные по именам полей)", "Object")],
        Outcomes = [],
        OutcomesFromInput = "outcomes",
    };

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var dueIn = context.GetInputDuration("dueIn");
        var request = new HumanTaskRequest
        {
            Title = context.GetInputString("title") ?? context.Activity.DisplayName ?? context.ActivityId,
            Description = context.GetInputString("description"),
            Role = context.GetInputString("role"),
            AssigneeId = context.GetInputString("assignee") is { Length: > 0 } a ? a : null,
            ExcludedUserId = context.GetInputString("notBy") is { Length: > 0 } excluded ? excluded : null,
            FormFields = context.GetInput("formFields")?.Deserialize<List<HumanTaskFormField>>(Definitions.WorkflowJson.Options) ?? [],
            Outcomes = ActivityRegistry.ReadNames(context.GetInput("outcomes")).ToList(),
            DueAt = dueIn is { } d ? context.Now + d : null,
            EscalationRole = context.GetInputString("escalationRole"),
        };
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.HumanTask(request)));
    }

    /// <inheritdoc />
    public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(context.Bookmark?.Outcome ?? ActivityOutcomes.Done));
}

/// <summary>Sends an e-mail through the host's <see cref="IWorkflowEmailSender"/>.</summary>
public sealed class SendEmailActivity(IWorkflowEmailSender sender) : IActivity
{
    /// <inheritdoc />
    public static ActivityDescriptor Descriptor { get; } = new()
    {
        TypeName = "SendEmail",
        DisplayName = "Отправить письмо",
        Category = "Уведомления",
        Inputs =
        [
            new() { Name = "templateId", DisplayName = "Шаблон письма", UiHint = InputUiHint.TemplatePicker, Required = true },
            new() { Name = "recipient", DisplayName = "Получатель", UiHint = InputUiHint.Expression, Required = true },
        ],
    };

    /// <inheritdoc />
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var request = new WorkflowEmailRequest(
            context.GetInputString("templateId") ?? throw new InvalidOperationException("Template missing."),
            context.GetInputString("recipient") ?? throw new InvalidOperationException("Recipient missing."),
            context.InstanceId,
            context.DefinitionId,
            context.ActivityId,
            context.CorrelationId,
            context.VariablesSnapshot);
        await sender.SendAsync(request, context.CancellationToken);
        return ActivityResult.Complete(ActivityOutcomes.Done);
    }
}
