namespace KepOffice.Core.Email;

/// <summary>The "KepOffice:Email" section: what the messages print about the CA, and the outbox policy.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "KepOffice:Email";

    /// <summary>Printed in the header and the sign-off, e.g. «ООО "Пример-УЦ"».</summary>
    public string CaName { get; set; } = "Удостоверяющий центр";

    /// <summary>Where applicants come for identification; required by the ready-for-identification message.</summary>
    public string OfficeAddress { get; set; } = "";

    public string OfficeHours { get; set; } = "";

    public string? ContactPhone { get; set; }

    public string? ContactEmail { get; set; }

    /// <summary>Dates and times in messages are shown in this zone (IANA id).</summary>
    public string TimeZoneId { get; set; } = "Europe/Moscow";

    /// <summary>Printed after a time of day, e.g. "10:00 МСК".</summary>
    public string TimeZoneLabel { get; set; } = "МСК";

    /// <summary>After this many attempts a message is marked Failed and waits for a person.</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A message left in Sending longer than this (its node died) is sent again.</summary>
    public TimeSpan SendingTimeout { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>The "KepOffice:Smtp" section. Without a Host, messages go to the pickup folder instead.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "KepOffice:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTlsWhenAvailable;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "noreply@localhost";

    /// <summary>Display name of the sender; the CA's name when empty.</summary>
    public string? FromName { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}

public enum SmtpSecurity
{
    /// <summary>Plain SMTP; only for a relay on the same host or a test server.</summary>
    None,

    StartTlsWhenAvailable,

    StartTls,

    /// <summary>Implicit TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
