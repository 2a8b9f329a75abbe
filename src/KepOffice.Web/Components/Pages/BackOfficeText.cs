using System.Globalization;
using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Email.Outbox;

namespace KepOffice.Web.Components.Pages;

// Russian wording shared by the back-office pages.
public static class BackOfficeText
{
    public static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    /// <summary>The CA's office time: every moment the back office shows is Moscow time.</summary>
    public static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public static string Status(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Received => "Поступило",
        ApplicationStatus.DocumentCheck => "Проверка документов",
        ApplicationStatus.NeedsCorrection => "На доработке",
        ApplicationStatus.AwaitingPayment => "Ожидает оплаты",
        ApplicationStatus.AwaitingIdentification => "Ожидает идентификации",
        ApplicationStatus.Issuing => "Выпуск сертификата",
        ApplicationStatus.AwaitingAct => "Подписание акта",
        ApplicationStatus.Completed => "Выдан",
        ApplicationStatus.Rejected => "Отказано",
        ApplicationStatus.Cancelled => "Отменено",
    };

    public static MudBlazor.Color StatusColor(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Completed => MudBlazor.Color.Success,
        ApplicationStatus.Rejected or ApplicationStatus.Cancelled => MudBlazor.Color.Error,
        ApplicationStatus.NeedsCorrection => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Info,
    };

    public static string Status(CertificateStatus status) => status switch
    {
        CertificateStatus.Valid => "Действует",
        CertificateStatus.Revoked => "Отозван",
        CertificateStatus.Expired => "Истёк",
        CertificateStatus.Superseded => "Заменён",
        CertificateStatus.Suspended => "Приостановлен",
    };

    public static MudBlazor.Color StatusColor(CertificateStatus status) => status switch
    {
        CertificateStatus.Valid => MudBlazor.Color.Success,
        CertificateStatus.Revoked => MudBlazor.Color.Error,
        CertificateStatus.Expired => MudBlazor.Color.Default,
        CertificateStatus.Superseded => MudBlazor.Color.Warning,
        CertificateStatus.Suspended => MudBlazor.Color.Warning,
    };

    public static string Status(OutboxEmailStatus status) => status switch
    {
        OutboxEmailStatus.Pending => "в очереди",
        OutboxEmailStatus.Sending => "отправляется",
        OutboxEmailStatus.Sent => "отправлено",
        OutboxEmailStatus.Failed => "не доставлено",
    };

    public static string Document(DocumentKind kind) => kind switch
    {
        DocumentKind.PassportMain => "Паспорт: основной разворот",
        DocumentKind.PassportRegistration => "Паспорт: регистрация",
        DocumentKind.Snils => "СНИЛС",
        DocumentKind.Other => "Иной документ",
        DocumentKind.SignedAct => "Подписанный акт",
    };

    public static string Snils(string? snils)
    {
        var digits = new string((snils ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 11 ? $"{digits[..3]}-{digits[3..6]}-{digits[6..9]} {digits[9..]}" : snils ?? "";
    }

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", Russian);

    public static string Moment(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, Moscow).ToString("dd.MM.yyyy HH:mm", Russian);

    public static string Moment(DateTime utc) => Moment(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    // «осталось 3 ч 20 мин» / «просрочено на 1 д 2 ч».
    public static string Countdown(DateTimeOffset due, DateTimeOffset now)
    {
        var left = due - now;
        return left >= TimeSpan.Zero ? $"осталось {Span(left)}" : $"просрочено на {Span(-left)}";
    }

    private static string Span(TimeSpan span)
    {
        if (span.TotalDays >= 1)
        {
            return $"{(int)span.TotalDays} д {span.Hours} ч";
        }

        return span.TotalHours >= 1 ? $"{(int)span.TotalHours} ч {span.Minutes} мин" : $"{Math.Max(1, span.Minutes)} мин";
    }

    /// <summary>The Russian form of a noun after a number: 1 сертификат, 2 сертификата, 5 сертификатов, 11 сертификатов.</summary>
    public static string Plural(long n, string one, string few, string many) =>
        (n % 100) is >= 11 and <= 14 ? many : (n % 10) switch { 1 => one, >= 2 and <= 4 => few, _ => many };
}
