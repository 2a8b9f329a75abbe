namespace KepOffice.Workflows.Runtime;

/// <summary>
/// Raised (as an incident, never thrown to callers) when an instance executes more than
/// <see cref="WorkflowsOptions.MaxActivitiesWithoutWait"/> activities without waiting: the flowchart loops endlessly.
/// </summary>
public sealed class RunawayWorkflowException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public RunawayWorkflowException()
        : base("Процесс выполнил слишком много действий подряд без ожидания (вероятно, бесконечный цикл).")
    {
    }
}
