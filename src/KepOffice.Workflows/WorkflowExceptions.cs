namespace KepOffice.Workflows;

/// <summary>Base type of the exceptions the workflow runtime raises for callers. Messages are Russian and never contain variable values.</summary>
public abstract class WorkflowException : Exception
{
    /// <summary>Creates the exception with a Russian message.</summary>
    protected WorkflowException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The definition, instance, task or bookmark does not exist (HTTP 404).</summary>
public sealed class WorkflowNotFoundException(string message) : WorkflowException(message);

/// <summary>The operation collides with the current state: a task already completed, a burnt bookmark, a concurrent change (HTTP 409).</summary>
public sealed class WorkflowConflictException(string message, Exception? inner = null) : WorkflowException(message, inner);

/// <summary>The acting user lacks the role the operation requires (HTTP 403).</summary>
public sealed class WorkflowForbiddenException(string message) : WorkflowException(message);

/// <summary>A definition or a request failed validation (HTTP 400). Each error names the activity and the field.</summary>
public sealed class WorkflowValidationException : WorkflowException
{
    /// <summary>Creates the exception from the list of errors.</summary>
    public WorkflowValidationException(IReadOnlyList<WorkflowValidationError> errors)
        : base(BuildMessage(errors)) => Errors = errors;

    /// <summary>Every error found, in document order.</summary>
    public IReadOnlyList<WorkflowValidationError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<WorkflowValidationError> errors) =>
        errors.Count == 0 ? "Ошибка проверки." : "Ошибка проверки: " + string.Join(" ", errors.Select(e => e.ToString()));
}

/// <summary>One validation error.</summary>
/// <param name="ActivityId">The activity the error belongs to, or null for the definition as a whole.</param>
/// <param name="Field">The field, e.g. <c>inputs.role</c>, <c>connections</c>, <c>json</c>.</param>
/// <param name="Message">Russian text for the user.</param>
public sealed record WorkflowValidationError(string? ActivityId, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        ActivityId is null ? $"[{Field}] {Message}" : $"[{ActivityId}.{Field}] {Message}";
}
