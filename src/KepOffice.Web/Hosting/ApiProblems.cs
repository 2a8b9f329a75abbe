using Microsoft.AspNetCore.Mvc;

namespace KepOffice.Web.Hosting;

/// <summary>RFC 7807 answers with a Russian, human-readable title and the field that is wrong.</summary>
public static class ApiProblems
{
    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Запрос содержит ошибки", detail: string.Join(" ", errors.SelectMany(e => e.Value)));

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(title: "Не найдено", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(title: "Конфликт", detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult Gone(string detail) =>
        TypedResults.Problem(title: "Больше не хранится", detail: detail, statusCode: StatusCodes.Status410Gone);

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Недостаточно прав", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>
    /// True when a text holds control characters (NUL among them: PostgreSQL refuses it in a text parameter, which would
    /// otherwise surface as a 500) or the replacement character left by broken UTF-8.
    /// </summary>
    public static bool IsUnclean(string? text) => text is not null && text.Any(c => char.IsControl(c) || c == '\uFFFD');

    /// <summary>
    /// The same for free text typed in a multi-line field (a comment, a reason): line breaks and tabs are text there, NUL,
    /// escape sequences and the replacement character are not.
    /// </summary>
    public static bool IsUncleanText(string? text) =>
        text is not null && text.Any(c => (char.IsControl(c) && c is not ('\r' or '\n' or '\t')) || c == '\uFFFD');

    /// <summary>A 400 naming the field whose text holds control characters.</summary>
    public static IResult Unclean(string field) => Validation(field, $"Поле «{field}» содержит управляющие или недопустимые символы.");

    public static ProblemDetails For(int status, string? detail = null) => new()
    {
        Status = status,
        Title = TitleFor(status),
        Detail = detail,
    };

    public static string DetailFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Запрос не может быть обработан: проверьте параметры и формат тела.",
        StatusCodes.Status401Unauthorized => "Войдите в систему или передайте действующий токен или ключ API.",
        StatusCodes.Status403Forbidden => "Для этого действия у вас нет прав.",
        StatusCodes.Status404NotFound => "Запрошенный адрес или объект не найден.",
        StatusCodes.Status405MethodNotAllowed => "Этот адрес не поддерживает такой метод запроса.",
        StatusCodes.Status409Conflict => "Действие противоречит текущему состоянию объекта.",
        StatusCodes.Status413PayloadTooLarge => "Размер запроса превышает допустимый.",
        StatusCodes.Status415UnsupportedMediaType => "Тип содержимого запроса не поддерживается этим адресом.",
        StatusCodes.Status429TooManyRequests => "Слишком много запросов: повторите позже.",
        >= 500 => "Произошла внутренняя ошибка. Обратитесь к администратору.",
        _ => "Запрос не может быть обработан.",
    };

    public static string TitleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Некорректный запрос",
        StatusCodes.Status401Unauthorized => "Требуется вход в систему",
        StatusCodes.Status403Forbidden => "Недостаточно прав",
        StatusCodes.Status404NotFound => "Не найдено",
        StatusCodes.Status405MethodNotAllowed => "Метод не поддерживается",
        StatusCodes.Status409Conflict => "Конфликт",
        StatusCodes.Status413PayloadTooLarge => "Слишком большой запрос",
        StatusCodes.Status415UnsupportedMediaType => "Неподдерживаемый тип содержимого",
        StatusCodes.Status429TooManyRequests => "Слишком много запросов",
        _ when status >= 500 => "Внутренняя ошибка сервера",
        _ => "Ошибка запроса",
    };
}
