using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using KepOffice.Core.Email;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using KepOffice.Pki.Revocation;
using KepOffice.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KepOffice.UnitTests.Core.Email;

internal static class EmailSamples
{
    public const string CaName = "ООО «Пример-УЦ»";
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static EmailOptions Options(Action<EmailOptions>? change = null)
    {
        var options = new EmailOptions
        {
            CaName = CaName,
            OfficeAddress = "г. Москва, ул. Тверская, д. 1, офис 101",
            OfficeHours = "пн–пт с 9:00 до 18:00",
            ContactPhone = "+7 495 000-00-00",
            ContactEmail = "help@example.test",
        };
        change?.Invoke(options);
        return options;
    }

    public static EmailTemplates Templates(Action<EmailOptions>? change = null) => new(Microsoft.Extensions.Options.Options.Create(Options(change)));

    /// <summary>One model per template; <paramref name="name"/> goes wherever the message prints a person or free text.</summary>
    public static object ModelFor(string templateId, string name = "Иван Петрович") => templateId switch
    {
        EmailTemplateIds.ApplicationReceived => new ApplicationReceivedEmail(name, "2026-000123", Now),
        EmailTemplateIds.CorrectionNeeded => new CorrectionNeededEmail(name, "2026-000123",
            ["Скан паспорта нечитаем: блики на странице с фотографией", name], new Uri("https://portal.example.test/upload/abc")),
        EmailTemplateIds.ApplicationRejected => new ApplicationRejectedEmail(name, "2026-000123", "Заявитель не явился: " + name),
        EmailTemplateIds.ReadyForIdentification => new ReadyForIdentificationEmail(name, "2026-000123"),
        EmailTemplateIds.CertificateIssued => new CertificateIssuedEmail(name, "2026-000123", "01A2B3C4D5E6",
            Now, new DateTimeOffset(2027, 11, 23, 21, 30, 0, TimeSpan.Zero), new Uri("https://portal.example.test/cert/1"),
            Now, IssuedKeyDelivery.Pkcs12DownloadOnce, new Uri("https://portal.example.test/p12/once")),
        EmailTemplateIds.RenewalReminder => new RenewalReminderEmail(name, "01A2B3C4D5E6", 30,
            new DateTimeOffset(2027, 11, 23, 21, 30, 0, TimeSpan.Zero), RenewalDeadline.CertificateValidity, new Uri("https://portal.example.test/renew/1")),
        EmailTemplateIds.CertificateExpired => new CertificateExpiredEmail(name, "01A2B3C4D5E6", Now, new Uri("https://portal.example.test/apply")),
        EmailTemplateIds.CertificateRevoked => new CertificateRevokedEmail(name, "01A2B3C4D5E6", Now, RevocationReason.KeyCompromise),
        EmailTemplateIds.StaffAlert => new StaffAlertEmail(StaffAlertKind.TaskOverdue, "2026-000123", null, name, Now, new Uri("https://kepoffice.example.test/tasks/1")),
        _ => throw new ArgumentOutOfRangeException(nameof(templateId), templateId, null),
    };

    public static IEnumerable<object[]> TemplateIds() => EmailTemplates.Catalogue.Select(t => new object[] { t.Id });
}

/// <summary>The outbox mapping alone on a SQLite file, so these tests do not depend on the rest of the model.</summary>
internal sealed class OutboxTestDbContext(DbContextOptions<OutboxTestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new OutboxEmailConfiguration());
}

internal sealed class OutboxTestDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kepoffice-email-" + Guid.NewGuid().ToString("N"));

    public OutboxTestDatabase()
    {
        Directory.CreateDirectory(_directory);
        using var db = CreateContext();
        db.Database.EnsureCreated();
    }

    public FakeTimeProvider Time { get; } = new(EmailSamples.Now);

    public string PickupPath => Path.Combine(_directory, MailPickupFolder.FolderName);

    public OutboxTestDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<OutboxTestDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory, "outbox.db")};Default Timeout=60")
            .Options);

    public EmailOutbox Outbox(DbContext db, ISmtpTransportFactory transport, Action<EmailOptions>? change = null, SmtpOptions? smtp = null) =>
        new(db, EmailSamples.Templates(change), transport,
            Options.Create(smtp ?? new SmtpOptions { FromAddress = "uc@example.test" }),
            Options.Create(EmailSamples.Options(change)), Time, NullLogger<EmailOutbox>.Instance);

    public ISmtpTransportFactory Pickup() => new PickupFolderTransportFactory(new MailPickupFolder(PickupPath));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The maildev server that ./test.sh starts; the tests fail, not skip, without it.</summary>
internal static class SharedMailDev
{
    public static string Host => Require("KEPOFFICE_TEST_SMTP_HOST");

    public static int Port => int.Parse(Require("KEPOFFICE_TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static MailDevApi Api => new(new Uri(Require("KEPOFFICE_TEST_MAILDEV_API")));

    public static SmtpOptions Smtp(string host, int port) => new()
    {
        Host = host,
        Port = port,
        Security = SmtpSecurity.None,
        FromAddress = "uc@example.test",
        FromName = EmailSamples.CaName,
        TimeoutSeconds = 10,
    };

    public static string Require(string name) => MailDevProcess.Require(name);
}
