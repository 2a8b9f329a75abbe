using System.Globalization;

namespace KepOffice.Workflows.Expressions;

/// <summary>Checks the syntax of a workflow JavaScript expression with the runtime's own parser (the designer's inline check).</summary>
public static class ExpressionSyntax
{
    /// <summary>A Russian message naming line and column of the first syntax error, or null when the expression parses.</summary>
    public static string? Check(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return "Выражение JavaScript пустое.";
        }

        return JavaScriptEvaluator.FindSyntaxError(expression) is { } position
            ? string.Create(CultureInfo.InvariantCulture, $"Синтаксическая ошибка: строка {position.Line}, столбец {position.Column}.")
            : null;
    }
}
