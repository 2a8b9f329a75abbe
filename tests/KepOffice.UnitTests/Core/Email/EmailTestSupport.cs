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

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The maildev server that ./test.sh starts; the tests fail, not skip, without it.</summary>
internal static class SharedMailDev
{
    public static string Host => Require("KEPOFFICE_TEST_SMTP_HOST");

    public static int Port => int.Parse(Require("KEPOFFICE_TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static MailDevApi Api => new(new Uri(Require("KEPOFFICE_TEST_MAILDEV_API")));

    public static string Executable => Require("KEPOFFICE_TEST_MAILDEV_BIN");

    public static SmtpOptions Smtp(string host, int port) => new()
    {
        Host = host,
        Port = port,
        Security = SmtpSecurity.None,
        FromAddress = "uc@example.test",
        FromName = EmailSamples.CaName,
        TimeoutSeconds = 10,
    };

    public static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts maildev (see docs/TESTING.md).");
}

internal sealed class MailDevApi(Uri baseAddress)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<List<JsonElement>> MessagesToAsync(string recipientDomain)
    {
        var all = await Http.GetFromJsonAsync<List<JsonElement>>(new Uri(baseAddress, "/api/email")) ?? [];
        return all.Where(m => m.GetProperty("to").EnumerateArray()
                .Any(t => t.GetProperty("address").GetString()!.EndsWith("@" + recipientDomain, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public async Task<bool> IsUpAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(baseAddress, "/api/email"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public static string MessageId(JsonElement message) => message.GetProperty("headers").GetProperty("message-id").GetString()!;
}

/// <summary>A maildev process of the test's own, on free ports, that the test may stop and start.</summary>
internal sealed class OwnMailDev : IAsyncDisposable
{
    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), "kepoffice-maildev-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int SmtpPort { get; } = Ports.Free();

    public int WebPort { get; } = Ports.Free();

    public MailDevApi Api => new(new Uri($"http://127.0.0.1:{WebPort}"));

    public async Task StartAsync()
    {
        // A fresh mail directory per start, so the API lists only what this process received.
        var directory = Path.Combine(_mailDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(SharedMailDev.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--ip", "127.0.0.1", "--smtp", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--web", WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1",
                     "--mail-directory", directory, "--silent",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("maildev did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await Api.IsUpAsync() || !await AcceptsSmtpAsync())
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException("maildev did not come up on its ports");
            }

            await Task.Delay(100);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_mailDirectory, true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> AcceptsSmtpAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
