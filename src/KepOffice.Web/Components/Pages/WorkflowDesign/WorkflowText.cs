using KepOffice.Workflows;

namespace KepOffice.Web.Components.Pages.WorkflowDesign;

// Russian wording of the definitions and versions pages.
public static class WorkflowText
{
    public static string State(DefinitionState state) => state switch
    {
        DefinitionState.Draft => "черновик",
        DefinitionState.Published => "опубликована",
        DefinitionState.Retracted => "снята с публикации",
    };

    public static MudBlazor.Color StateColor(DefinitionState state) => state switch
    {
        DefinitionState.Draft => MudBlazor.Color.Warning,
        DefinitionState.Published => MudBlazor.Color.Success,
        DefinitionState.Retracted => MudBlazor.Color.Default,
    };

    public static string Status(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Running => "выполняется",
        WorkflowStatus.Suspended => "ожидает",
        WorkflowStatus.Finished => "завершён",
        WorkflowStatus.Faulted => "инцидент",
        WorkflowStatus.Cancelled => "отменён",
    };

    /// <summary>"Действие «review», поле connections.target: …" — the activity and field first, as the issue asks.</summary>
    public static string Error(WorkflowValidationError error) => error.ActivityId is { Length: > 0 } activity
        ? $"Действие «{activity}», поле {error.Field}: {error.Message}"
        : $"Поле {error.Field}: {error.Message}";

    public static string Field(string field) => field switch
    {
        "type" => "тип",
        "displayName" => "название",
        "name" => "название процесса",
        "description" => "описание",
        "retry" => "повторы при сбое",
        "retry.maxAttempts" => "повторы при сбое: число попыток",
        "retry.initialDelay" => "повторы при сбое: первая пауза",
        "retry.multiplier" => "повторы при сбое: множитель паузы",
        "retry.maxDelay" => "повторы при сбое: наибольшая пауза",
        _ when field.StartsWith("inputs.", StringComparison.Ordinal) => "вход " + field["inputs.".Length..],
        _ when field.StartsWith("variables.", StringComparison.Ordinal) => "переменная " + field["variables.".Length..],
        _ => field,
    };
}
