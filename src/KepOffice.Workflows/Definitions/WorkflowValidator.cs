using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Activities.BuiltIn;
using KepOffice.Workflows.Expressions;

namespace KepOffice.Workflows.Definitions;

/// <summary>Checks a definition before it is saved, imported or published. Messages are Russian and name activity and field.</summary>
internal sealed partial class WorkflowValidator(ActivityRegistry registry)
{
    /// <summary>The length of the name column.</summary>
    public const int MaxNameLength = 500;

    public IReadOnlyList<WorkflowValidationError> Validate(WorkflowDefinitionModel model)
    {
        var errors = new List<WorkflowValidationError>();
        if (string.IsNullOrWhiteSpace(model.Id) || !KebabCase().IsMatch(model.Id))
        {
            errors.Add(new(null, "id", "Идентификатор процесса должен быть непустым и в формате kebab-case (латиница, цифры, дефис)."));
        }

        else if (model.Id.Length > Persistence.MappingConventions.IdLength)
        {
            errors.Add(new(null, "id", $"Идентификатор процесса — не длиннее {Persistence.MappingConventions.IdLength} символов."));
        }

        if (string.IsNullOrWhiteSpace(model.Name))
        {
            errors.Add(new(null, "name", "Не указано название процесса."));
        }
        else if (model.Name.Length > MaxNameLength || model.Name.Any(c => char.IsControl(c) || c == '\uFFFD'))
        {
            errors.Add(new(null, "name", $"Название процесса — до {MaxNameLength} символов, без управляющих и недопустимых символов."));
        }

        var variables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in model.Variables)
        {
            if (string.IsNullOrWhiteSpace(variable.Name) || !variables.Add(variable.Name))
            {
                errors.Add(new(null, "variables", $"Переменная «{variable.Name}» не названа или объявлена дважды."));
            }
        }

        var activities = new Dictionary<string, WorkflowActivityModel>(StringComparer.Ordinal);
        foreach (var activity in model.Activities)
        {
            if (string.IsNullOrWhiteSpace(activity.Id))
            {
                errors.Add(new(null, "activities", "У действия не указан идентификатор."));
                continue;
            }

            if (!activities.TryAdd(activity.Id, activity))
            {
                errors.Add(new(activity.Id, "id", $"Идентификатор действия «{activity.Id}» повторяется."));
                continue;
            }

            ValidateActivity(activity, variables, errors);
            ValidateRetry(activity, errors);
        }

        var starts = model.Activities.Count(a => a.Type == StartActivity.TypeName);
        if (starts != 1)
        {
            errors.Add(new(null, "activities", $"В процессе должно быть ровно одно действие Start (найдено: {starts})."));
        }

        foreach (var connection in model.Connections)
        {
            if (!activities.TryGetValue(connection.Source, out var source))
            {
                errors.Add(new(connection.Source, "connections.source", $"Связь начинается у несуществующего действия «{connection.Source}»."));
            }
            else if (registry.Find(source.Type) is not null && !registry.GetOutcomes(source).Contains(connection.Outcome, StringComparer.Ordinal))
            {
                errors.Add(new(source.Id, "connections.outcome", $"У действия «{source.Id}» нет исхода «{connection.Outcome}»."));
            }

            if (!activities.ContainsKey(connection.Target))
            {
                errors.Add(new(connection.Source, "connections.target", $"Связь из действия «{connection.Source}» ведёт к несуществующему действию «{connection.Target}»."));
            }
        }

        ValidateReachability(model, activities, errors);
        return errors;
    }

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromDays(30);

    private static void ValidateRetry(WorkflowActivityModel activity, List<WorkflowValidationError> errors)
    {
        if (activity.Retry is not { } retry)
        {
            return;
        }

        if (retry.MaxAttempts is { } attempts && attempts is < 1 or > 100)
        {
            errors.Add(new(activity.Id, "retry.maxAttempts", "Число попыток — от 1 до 100 (1: без повторов, сразу инцидент)."));
        }

        if (retry.Multiplier is { } multiplier && (double.IsNaN(multiplier) || multiplier is < 1 or > 10))
        {
            errors.Add(new(activity.Id, "retry.multiplier", "Множитель задержки — от 1 до 10."));
        }

        var initial = RetryDelay(activity.Id, "retry.initialDelay", retry.InitialDelay, errors);
        var max = RetryDelay(activity.Id, "retry.maxDelay", retry.MaxDelay, errors);
        if (initial is { } first && max is { } cap && cap < first)
        {
            errors.Add(new(activity.Id, "retry.maxDelay", "Наибольшая задержка меньше первой."));
        }
    }

    private static TimeSpan? RetryDelay(string activityId, string field, string? text, List<WorkflowValidationError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (ActivityExecutionContext.ParseDuration(text) is { } delay && delay > TimeSpan.Zero && delay <= MaxRetryDelay)
        {
            return delay;
        }

        errors.Add(new(activityId, field, "Задержка указана неверно: ожидается длительность больше нуля и не больше 30 дней (ISO 8601, например PT30S, или д.чч:мм:сс)."));
        return null;
    }

    private void ValidateActivity(WorkflowActivityModel activity, HashSet<string> variables, List<WorkflowValidationError> errors)
    {
        var descriptor = registry.Find(activity.Type);
        if (descriptor is null)
        {
            errors.Add(new(activity.Id, "type", $"Неизвестный тип действия «{activity.Type}»."));
            return;
        }

        foreach (var (name, input) in activity.Inputs)
        {
            var field = "inputs." + name;
            var inputDescriptor = descriptor.Inputs.FirstOrDefault(i => i.Name == name);
            if (inputDescriptor is null)
            {
                errors.Add(new(activity.Id, field, $"У действия типа {activity.Type} нет входа «{name}»."));
                continue;
            }

            if (inputDescriptor.LiteralOnly && input.Type != WorkflowInputKind.Literal)
            {
                errors.Add(new(activity.Id, field, "Значение этого поля может быть только литералом."));
                continue;
            }

            switch (input.Type)
            {
                case WorkflowInputKind.JavaScript:
                    CheckScript(activity.Id, field, AsText(input.Value), errors);
                    break;
                case WorkflowInputKind.Variable:
                    var variable = AsText(input.Value);
                    if (variable is null || !variables.Contains(variable))
                    {
                        errors.Add(new(activity.Id, field, $"Переменная «{variable}» не объявлена."));
                    }

                    break;
                case WorkflowInputKind.Literal:
                    ValidateLiteral(activity.Id, field, inputDescriptor, input.Value, errors);
                    break;
            }
        }

        foreach (var required in descriptor.Inputs.Where(i => i.Required))
        {
            if (!activity.Inputs.TryGetValue(required.Name, out var input) || IsEmpty(input))
            {
                var message = activity.Type == HumanTaskActivity.TypeName && required.Name == "role"
                    ? "У задачи не указана роль исполнителя."
                    : $"Не заполнено обязательное поле «{required.DisplayName}».";
                errors.Add(new(activity.Id, "inputs." + required.Name, message));
            }
        }
    }

    private static void ValidateLiteral(string activityId, string field, ActivityInputDescriptor descriptor, JsonNode? value, List<WorkflowValidationError> errors)
    {
        switch (descriptor.UiHint)
        {
            case InputUiHint.Duration when value is not null && ActivityExecutionContext.ParseDuration(AsText(value)) is null:
                errors.Add(new(activityId, field, "Длительность указана неверно (ожидается ISO 8601, например PT2H, или д.чч:мм:сс)."));
                break;
            case InputUiHint.OutcomesList when value is not null and not JsonArray:
                errors.Add(new(activityId, field, "Ожидается список."));
                break;
            case InputUiHint.Dropdown when descriptor.Options is { } options && value is not null && !options.Contains(AsText(value) ?? ""):
                errors.Add(new(activityId, field, $"Допустимые значения: {string.Join(", ", options)}."));
                break;
        }

        if (descriptor.ItemExpressionField is { } expressionField && value is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                var itemName = AsText(item["name"]) ?? "?";
                CheckScript(activityId, $"{field}.{itemName}.{expressionField}", AsText(item[expressionField]), errors);
            }
        }
    }

    private static void CheckScript(string activityId, string field, string? script, List<WorkflowValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(script))
        {
            errors.Add(new(activityId, field, "Выражение JavaScript пустое."));
        }
        else if (JavaScriptEvaluator.FindSyntaxError(script) is { } position)
        {
            errors.Add(new(activityId, field, string.Create(CultureInfo.InvariantCulture,
                $"Выражение JavaScript содержит синтаксическую ошибку: строка {position.Line}, столбец {position.Column}.")));
        }
    }

    private static void ValidateReachability(
        WorkflowDefinitionModel model, Dictionary<string, WorkflowActivityModel> activities, List<WorkflowValidationError> errors)
    {
        var ends = activities.Values.Where(a => a.Type == EndActivity.TypeName).Select(a => a.Id).ToList();
        if (ends.Count == 0)
        {
            errors.Add(new(null, "activities", "В процессе нет ни одного действия End."));
            return;
        }

        var predecessors = model.Connections
            .Where(c => activities.ContainsKey(c.Source) && activities.ContainsKey(c.Target))
            .ToLookup(c => c.Target, c => c.Source, StringComparer.Ordinal);
        var reaching = new HashSet<string>(ends, StringComparer.Ordinal);
        var pending = new Queue<string>(ends);
        while (pending.TryDequeue(out var id))
        {
            foreach (var source in predecessors[id])
            {
                if (reaching.Add(source))
                {
                    pending.Enqueue(source);
                }
            }
        }

        foreach (var activity in activities.Values.Where(a => !reaching.Contains(a.Id)))
        {
            errors.Add(new(activity.Id, "connections", $"Из действия «{activity.Id}» нельзя дойти до действия End."));
        }
    }

    private static bool IsEmpty(WorkflowInputValue input) => input.Value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static string? AsText(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
