using System.Globalization;
using KepOffice.Workflows;

namespace KepOffice.Web.Components.Designer;

/// <summary>Russian words of the designer and the instance viewer.</summary>
public static class DesignerText
{
    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    /// <summary>Outcomes of the CA's processes whose names are English identifiers in the definition files.</summary>
    public static string Outcome(string outcome) => outcome switch
    {
        "Done" => "Далее",
        "Approve" => "Документы в порядке",
        "NeedsCorrection" => "На доработку",
        "Reject" => "Отказ",
        "Paid" => "Оплата получена",
        "Identified" => "Личность установлена",
        "NotIdentified" => "Личность не установлена",
        "Signed" => "Акт подписан",
        "KeyHandedOver" => "Ключ и сертификат выданы",
        "Approved" => "Одобрено",
        "Rejected" => "Отклонено",
        "AlreadyTerminated" => "Уже прекращён",
        "portal" => "Портал",
        "desk" => "Офис",
        _ => outcome,
    };

    /// <summary>A short key for the category colour (CSS class <c>cat-…</c>).</summary>
    public static string CategoryKey(string? category) => category switch
    {
        "Люди" => "people",
        "Управление" => "control",
        "Уведомления" => "notify",
        "Ожидание" => "wait",
        "Время" => "time",
        "Данные" => "data",
        "Удостоверяющий центр" => "ca",
        _ => "other",
    };

    public static string StateKey(ActivityRunState state) => state switch
    {
        ActivityRunState.Done => "done",
        ActivityRunState.Waiting => "waiting",
        ActivityRunState.Failed => "failed",
        ActivityRunState.NotReached => "idle",
    };

    public static string StateName(ActivityRunState state) => state switch
    {
        ActivityRunState.Done => "Выполнен",
        ActivityRunState.Waiting => "Ожидает (текущий шаг)",
        ActivityRunState.Failed => "Ошибка (инцидент)",
        ActivityRunState.NotReached => "Не выполнялся",
    };

    public static string? StateIcon(ActivityRunState state) => state switch
    {
        ActivityRunState.Done => "✓",
        ActivityRunState.Waiting => "…",
        ActivityRunState.Failed => "!",
        ActivityRunState.NotReached => null,
    };

    public static string Status(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Running => "выполняется",
        WorkflowStatus.Suspended => "ожидает",
        WorkflowStatus.Finished => "завершён",
        WorkflowStatus.Faulted => "инцидент",
        WorkflowStatus.Cancelled => "отменён",
    };

    public static string Journal(JournalStatus status) => status switch
    {
        JournalStatus.Completed => "выполнен",
        JournalStatus.Suspended => "ожидает",
        JournalStatus.Faulted => "ошибка",
        JournalStatus.Cancelled => "отменён",
    };

    /// <summary>Moscow time, as on every other page (the server's own zone is often UTC).</summary>
    public static string Time(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Pages.BackOfficeText.Moscow).ToString("dd.MM.yyyy HH:mm:ss", Russian);

    /// <summary>
    /// What went wrong, for a manager: the journal and incidents keep only the exception's type (never a message, which may
    /// quote personal data); the known ones are named in Russian, others by the type's short name.
    /// </summary>
    public static string Failure(string exceptionType) => exceptionType switch
    {
        _ when exceptionType.Contains("WorkflowExpressionException", StringComparison.Ordinal) => "выражение JavaScript не вычисляется",
        _ when exceptionType.Contains("RunawayWorkflowException", StringComparison.Ordinal) => "процесс зациклился: слишком много шагов без ожидания",
        _ when exceptionType.Contains("TimeoutException", StringComparison.Ordinal) => "истекло время ожидания",
        _ when exceptionType.Contains("SocketException", StringComparison.Ordinal) || exceptionType.Contains("Smtp", StringComparison.Ordinal) => "сбой связи с внешним сервером",
        _ when exceptionType.Contains("DbUpdate", StringComparison.Ordinal) || exceptionType.Contains("Npgsql", StringComparison.Ordinal)
            || exceptionType.Contains("Sqlite", StringComparison.Ordinal) => "сбой базы данных",
        _ => "сбой " + ShortType(exceptionType),
    };

    private static string ShortType(string exceptionType)
    {
        var outer = exceptionType.Split('(')[0];
        return outer[(outer.LastIndexOf('.') + 1)..];
    }

    /// <summary>An ISO 8601 duration in Russian words ("4 ч", "1 дн 2 ч 30 мин"), or null when it does not parse.</summary>
    public static string? Duration(string? text)
    {
        if (KepOffice.Workflows.Activities.ActivityExecutionContext.ParseDuration(text) is not { } span || span <= TimeSpan.Zero)
        {
            return null;
        }

        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days} {Pages.BackOfficeText.Plural(span.Days, "день", "дня", "дней")}");
        if (span.Hours > 0) parts.Add($"{span.Hours} ч");
        if (span.Minutes > 0) parts.Add($"{span.Minutes} мин");
        if (span.Seconds > 0) parts.Add($"{span.Seconds} с");
        return string.Join(" ", parts);
    }
}
