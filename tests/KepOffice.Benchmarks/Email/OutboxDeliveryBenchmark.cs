using System.Diagnostics;
using System.Globalization;
using KepOffice.Core.Email;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KepOffice.Benchmarks.Email;

/// <summary>
/// E-mail outbox delivery to a real SMTP server (maildev, from KEPOFFICE_TEST_SMTP_HOST/PORT as ./test.sh
/// exports them): the outbox's batch over one reused connection against the same outbox opening a new
/// connection per message (batch size 1), both measured in this run on the same SQLite outbox.
/// Target: at least 300 messages/s for the reused connection.
/// </summary>
internal static class OutboxDeliveryBenchmark
{
    public static async Task RunAsync(int messages)
    {
        Results.Header($"E-mail outbox delivery to maildev, {messages} messages (SQLite outbox, real SMTP)");
        var host = Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_HOST");
        var port = Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("KEPOFFICE_TEST_SMTP_HOST and KEPOFFICE_TEST_SMTP_PORT must point at a maildev server (./test.sh starts one).");
        }

        var smtp = new SmtpOptions
        {
            Host = host,
            Port = int.Parse(port, CultureInfo.InvariantCulture),
            Security = SmtpSecurity.None,
            FromAddress = "uc@bench.example.test",
            TimeoutSeconds = 30,
        };
        var directory = Path.Combine(Path.GetTempPath(), "kepoffice-bench-email-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            // A node sends for days: what counts is its steady state, not the first seconds in which EF compiles its queries and
            // tiered compilation recompiles the hot paths of EF, MimeKit and MailKit (before this warm-up, that JIT work was
            // two thirds of the outbox's CPU per message). Rounds of both loops run until fewer than 50 methods a second are
            // compiled, or 30 s have passed.
            var warming = Stopwatch.StartNew();
            var rounds = 0;
            double jitRate;
            do
            {
                jitRate = await Results.JitRateDuringAsync(async () =>
                {
                    await MeasureOutboxAsync(directory, $"warm-up{rounds++}", smtp, 200, batchSize: 100);
                    await MeasureSmtpOnlyAsync(smtp, 100);
                });
            }
            while (jitRate >= 50 && warming.Elapsed < TimeSpan.FromSeconds(30));

            Results.Line($"warm-up: {rounds} rounds of 200 + 100 messages, JIT at the end", $"{Results.Seconds(warming.Elapsed)}, {jitRate:N0} methods/s");

            var reused = await MeasureOutboxAsync(directory, "reused", smtp, messages, batchSize: messages);
            var smtpOnly = await MeasureSmtpOnlyAsync(smtp, messages);
            var perMessage = await MeasureOutboxAsync(directory, "per-message", smtp, Math.Max(messages / 4, 50), batchSize: 1);

            Results.Line("KepOffice outbox, one reused SMTP connection per batch", Results.Rate(reused.Rate));
            Results.Line("peer: same outbox, new SMTP connection per message", Results.Rate(perMessage.Rate));
            Results.Line("reused vs. per-message", Results.Ratio(reused.Rate, perMessage.Rate));
            Results.Line("reference: MailKit alone, one connection (NoDelay), no database", Results.Rate(smtpOnly.Rate));
            Results.Line("outbox vs. MailKit alone", Results.Ratio(reused.Rate, smtpOnly.Rate));
            Results.Line("process CPU per message: outbox / MailKit alone", $"{reused.CpuPerMessage.TotalMilliseconds:N2} / {smtpOnly.CpuPerMessage.TotalMilliseconds:N2} ms");
            Results.Line("target ≥ 300 /s (reused connection)", reused.Rate >= 300 ? "met" : "NOT met");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, true);
        }
    }

    private static async Task<Measured> MeasureOutboxAsync(string directory, string name, SmtpOptions smtp, int messages, int batchSize)
    {
        var options = new DbContextOptionsBuilder<BenchmarkDbContext>()
            .UseSqlite($"Data Source={Path.Combine(directory, name + ".db")}")
            .Options;
        var emailOptions = Options.Create(new EmailOptions { CaName = "ООО «Бенчмарк-УЦ»" });
        var templates = new EmailTemplates(emailOptions);
        var transports = new MailKitSmtpTransportFactory(smtp);
        EmailOutbox Outbox(DbContext db) =>
            new(db, templates, transports, Options.Create(smtp), emailOptions, TimeProvider.System, NullLogger<EmailOutbox>.Instance);

        await using (var db = new BenchmarkDbContext(options))
        {
            await db.Database.EnsureCreatedAsync();
            var outbox = Outbox(db);
            for (var i = 0; i < messages; i++)
            {
                await outbox.EnqueueAsync(
                    new OutgoingEmail($"bench{i}@bench.example.test", EmailTemplateIds.ApplicationReceived,
                        new ApplicationReceivedEmail("Иван Петрович", $"2026-{i:D6}", DateTimeOffset.UtcNow)),
                    CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        var cpu = Results.OwnCpu();
        var watch = Stopwatch.StartNew();
        var sent = 0;
        while (true)
        {
            await using var db = new BenchmarkDbContext(options);
            var result = await Outbox(db).DeliverDueAsync(batchSize, CancellationToken.None);
            if (result.Claimed == 0)
            {
                break;
            }

            sent += result.Sent;
        }

        watch.Stop();
        if (sent != messages)
        {
            throw new InvalidOperationException($"{name}: {sent} of {messages} messages sent");
        }

        return new Measured(messages / watch.Elapsed.TotalSeconds, (Results.OwnCpu() - cpu) / messages);
    }

    private static async Task<Measured> MeasureSmtpOnlyAsync(SmtpOptions smtp, int messages)
    {
        var templates = new EmailTemplates(Options.Create(new EmailOptions { CaName = "ООО «Бенчмарк-УЦ»" }));
        var rendered = templates.Render(EmailTemplateIds.ApplicationReceived, new ApplicationReceivedEmail("Иван Петрович", "2026-000001", DateTimeOffset.UtcNow));
        using var client = new SmtpClient();
        var cpu = Results.OwnCpu();
        var watch = Stopwatch.StartNew();
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(smtp.Host!, smtp.Port);
        await client.ConnectAsync(socket, smtp.Host!, smtp.Port, SecureSocketOptions.None);
        for (var i = 0; i < messages; i++)
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(smtp.FromAddress));
            message.To.Add(MailboxAddress.Parse($"raw{i}@bench.example.test"));
            message.Subject = rendered.Subject;
            message.Body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html }.ToMessageBody();
            await client.SendAsync(message);
        }

        await client.DisconnectAsync(true);
        return new Measured(messages / watch.Elapsed.TotalSeconds, (Results.OwnCpu() - cpu) / messages);
    }

    private readonly record struct Measured(double Rate, TimeSpan CpuPerMessage);

    private sealed class BenchmarkDbContext(DbContextOptions<BenchmarkDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new OutboxEmailConfiguration());
    }
}
