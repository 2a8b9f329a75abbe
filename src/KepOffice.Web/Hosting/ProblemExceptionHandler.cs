using System.Text.Json;
using KepOffice.Workflows;
using Microsoft.AspNetCore.Diagnostics;

namespace KepOffice.Web.Hosting;

/// <summary>
/// Turns exceptions into problem details. A malformed request body names the JSON field; anything
/// unexpected becomes a 500 whose text reveals nothing (the log keeps the exception type and trace id).
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, field, detail) = Classify(exception);
        if (status >= 500)
        {
            logger.LogError("Unhandled {ExceptionType} on {Path}", exception.GetType().FullName, context.Request.Path.Value);
        }

        var problem = ApiProblems.For(status, detail);
        if (exception is WorkflowValidationException validation)
        {
            problem.Extensions["errors"] = validation.Errors
                .GroupBy(e => e.ActivityId is null ? e.Field : $"{e.ActivityId}.{e.Field}")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        }
        else if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail ?? problem.Title!] };
        }

        context.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static (int Status, string? Field, string? Detail) Classify(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                var field = FieldFromJsonPath(json.Path);
                return (StatusCodes.Status400BadRequest, field,
                    field is null ? "Тело запроса не является корректным JSON." : $"Поле «{field}» имеет неверный формат или тип.");
            case BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } bad when bad.Message.Contains("multipart", StringComparison.Ordinal):
                return (bad.StatusCode, null, "Ожидается тело запроса в формате multipart/form-data.");
            case BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, Message: "Malformed form" }:
                return (StatusCodes.Status400BadRequest, null, "Тело запроса multipart/form-data повреждено или обрезано.");
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType:
                return (bad.StatusCode, null, "Ожидается тело запроса в формате application/json.");
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return (bad.StatusCode, null, "Размер запроса превышает допустимый.");
            case BadHttpRequestException bad when bad.Message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase):
                return (StatusCodes.Status415UnsupportedMediaType, null, "Ожидается тело запроса в формате application/json.");
            case BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase):
                return (bad.StatusCode, "body", "Тело запроса отсутствует или не является корректным JSON.");
            case BadHttpRequestException bad:
                return (bad.StatusCode, null, "Запрос не может быть обработан: проверьте параметры и формат тела.");
            case WorkflowValidationException:
                return (StatusCodes.Status400BadRequest, null, "Определение процесса содержит ошибки.");
            case WorkflowNotFoundException notFound:
                return (StatusCodes.Status404NotFound, null, notFound.Message);
            case WorkflowConflictException conflict:
                return (StatusCodes.Status409Conflict, null, conflict.Message);
            case WorkflowForbiddenException forbidden:
                return (StatusCodes.Status403Forbidden, null, forbidden.Message);
            case JsonException json:
                return (StatusCodes.Status400BadRequest, FieldFromJsonPath(json.Path), "Тело запроса не является корректным JSON.");
            default:
                return (StatusCodes.Status500InternalServerError, null, "Произошла внутренняя ошибка. Обратитесь к администратору.");
        }
    }

    private static string? FieldFromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
