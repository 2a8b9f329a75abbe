using System.Diagnostics;
using System.Globalization;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Data;
using KepOffice.Core.Email;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using KepOffice.Core.Protection;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using NpgsqlTypes;

namespace KepOffice.Benchmarks.Lifecycle;

/// <summary>
/// The lifecycle jobs over a register of 1,000,000 certificates in PostgreSQL (seeded with binary COPY): the renewal-reminder
/// and expiry scans (find the due ones and queue their messages, as the jobs do) against a naive peer that reads every valid
/// certificate's dates and decides in the application; then outbox delivery of the queued messages to maildev over one
/// reused SMTP connection per batch, against a plain MailKit loop. Targets: each scan under 5 s; at least 300 messages/s.
/// The register holds what an hourly run meets: one day's crossings of each threshold and one hour of expiries are due.
/// A node runs these jobs every hour in a process that has run them before, so by default the same jobs and a delivery
/// first run once over a small register in another database (tier-1 JIT compilation of EF Core, Npgsql, Data Protection
/// and MailKit otherwise lands in the measured run); --cold skips that round. The JIT time
/// spent during each measured job is printed with it.
/// </summary>
internal static class LifecycleBenchmark
{
    private const int PerSlice = 2_000;

    public static async Task RunAsync(string adminConnection, int certificates, int deliver, bool warmUp)
    {
        Results.Header($"Lifecycle jobs over {certificates:N0} certificates (PostgreSQL), outbox delivery of {deliver:N0} messages to maildev"
            + (warmUp ? "" : " (cold: no warm-up round)"));
        var protection = BenchmarkProtection.Create();
        var smtp = Smtp();
        if (warmUp)
        {
            var warming = Stopwatch.StartNew();
            var warmDelivered = 0;
            await WithDatabaseAsync(adminConnection, protection, async (connectionString, dbOptions) =>
            {
                var now = DateTimeOffset.UtcNow;
                await SeedAsync(connectionString, protection, 10_000, now, perSlice: 1_000);
                await TimeAsync(dbOptions, smtp, now, async (r, _) => await r.SendDueAsync(CancellationToken.None));
                await TimeAsync(dbOptions, smtp, now, async (_, e) => await e.ExpireDueAsync(CancellationToken.None));
                // Delivery rounds until the runtime has stopped recompiling EF, MimeKit and MailKit (fewer than 50 methods a
                // second), or the 5,000 queued messages run out: measured before that, JIT work was half the outbox's CPU.
                double jitRate;
                do
                {
                    jitRate = await Results.JitRateDuringAsync(async () =>
                    {
                        await DeliverAsync(dbOptions, smtp, 500);
                        await MailKitLoopAsync(smtp, 150);
                    });
                    warmDelivered += 500;
                }
                while (jitRate >= 50 && warmDelivered < 4_500);

                await JitSettledAsync();
            });
            Results.Line($"warm-up: the same jobs over 10,000 certificates (5,000 due) in another database, {warmDelivered:N0} messages sent",
                Results.Seconds(warming.Elapsed));
        }

        await WithDatabaseAsync(adminConnection, protection, async (connectionString, dbOptions) =>
        {
            var now = DateTimeOffset.UtcNow;
            var seeding = Stopwatch.StartNew();
            var (dueReminders, dueExpiries) = await SeedAsync(connectionString, protection, certificates, now, PerSlice);
            await ExecuteAsync(connectionString, "VACUUM ANALYZE certificates");
            seeding.Stop();
            Results.Line("seeded with binary COPY (+ VACUUM ANALYZE)", $"{Results.Seconds(seeding.Elapsed)} ({certificates / seeding.Elapsed.TotalSeconds:N0} rows/s)");
            await JitSettledAsync();

            var naiveReminders = await NaiveScanAsync(connectionString, now, reminders: true);
            var (reminderTime, reminderResult) = await TimeAsync(dbOptions, smtp, now, async (r, _) => await r.SendDueAsync(CancellationToken.None));
            var naiveExpiry = await NaiveScanAsync(connectionString, now, reminders: false);
            var (expiryTime, expiryResult) = await TimeAsync(dbOptions, smtp, now, async (_, e) => await e.ExpireDueAsync(CancellationToken.None));
            var (secondRun, secondResult) = await TimeAsync(dbOptions, smtp, now, async (r, _) => await r.SendDueAsync(CancellationToken.None));
            if (reminderResult is not ReminderRunResult { Queued: var queued } || queued != dueReminders
                || expiryResult is not ExpiryRunResult { Expired: var expired } || expired != dueExpiries
                || secondResult is not ReminderRunResult { Queued: 0 })
            {
                throw new InvalidOperationException($"unexpected job results: {reminderResult}, {expiryResult}, {secondResult} (due {dueReminders} / {dueExpiries})");
            }

            Results.Line($"renewal reminders: find + queue {dueReminders:N0} due", $"{Results.Seconds(reminderTime.Wall)} (target < 5 s: {(reminderTime.Wall.TotalSeconds < 5 ? "met" : "NOT met")})");
            Results.Line("  JIT compilation during the job (time on all threads) / process CPU", $"{Results.Seconds(reminderTime.Jit)} / {Results.Seconds(reminderTime.Cpu)}");
            Results.Line("peer: naive scan of every valid certificate's dates", $"{Results.Seconds(naiveReminders.Time)} ({naiveReminders.Due:N0} found, nothing queued)");
            Results.Line("reminder job vs. naive scan (time ratio, lower is better)", (reminderTime.Wall.TotalSeconds / naiveReminders.Time.TotalSeconds).ToString("N2", CultureInfo.InvariantCulture) + "x");
            Results.Line("renewal reminders: second run, nothing due", Results.Seconds(secondRun.Wall));
            Results.Line($"expiry: find + mark + queue {dueExpiries:N0} expired", $"{Results.Seconds(expiryTime.Wall)} (target < 5 s: {(expiryTime.Wall.TotalSeconds < 5 ? "met" : "NOT met")})");
            Results.Line("  JIT compilation during the job (time on all threads) / process CPU", $"{Results.Seconds(expiryTime.Jit)} / {Results.Seconds(expiryTime.Cpu)}");
            Results.Line("peer: naive scan for expired certificates", $"{Results.Seconds(naiveExpiry.Time)} ({naiveExpiry.Due:N0} found, nothing changed)");
            Results.Line("expiry job vs. naive scan (time ratio, lower is better)", (expiryTime.Wall.TotalSeconds / naiveExpiry.Time.TotalSeconds).ToString("N2", CultureInfo.InvariantCulture) + "x");

            await JitSettledAsync();
            var cpu = Results.OwnCpu();
            var delivered = await DeliverAsync(dbOptions, smtp, deliver);
            var deliveryCpu = (Results.OwnCpu() - cpu) / deliver;
            cpu = Results.OwnCpu();
            var mailKit = await MailKitLoopAsync(smtp, Math.Min(deliver, 1000));
            var mailKitCpu = (Results.OwnCpu() - cpu) / Math.Min(deliver, 1000);
            Results.Line("outbox on PostgreSQL → maildev, one reused connection per batch of 500", Results.Rate(delivered));
            Results.Line("peer: plain MailKit loop, one connection, no database", Results.Rate(mailKit));
            Results.Line("outbox vs. plain MailKit", Results.Ratio(delivered, mailKit));
            Results.Line("process CPU per message: outbox / plain MailKit", $"{deliveryCpu.TotalMilliseconds:N2} / {mailKitCpu.TotalMilliseconds:N2} ms");
            Results.Line("target ≥ 300 messages/s", delivered >= 300 ? "met" : "NOT met");
        });
    }

    /// <summary>
    /// Waits (up to 20 s) until the runtime has stopped compiling methods in the background for a second: the seeding's hot
    /// loop is promoted to optimised code after it ran, and that work does not belong to the job measured next.
    /// </summary>
    private static async Task JitSettledAsync()
    {
        var watch = Stopwatch.StartNew();
        var count = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(1000);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == count)
            {
                return;
            }

            count = now;
        }
    }

    private static async Task WithDatabaseAsync(string adminConnection, PersonalDataProtection protection,
        Func<string, DbContextOptions<PostgresKepOfficeDbContext>, Task> run)
    {
        var database = "kep_bench_lifecycle_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(adminConnection, $"CREATE DATABASE \"{database}\"");
        var connectionString = DatabaseSettings.WithPreparedStatements(new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString);
        var builder = new DbContextOptionsBuilder<PostgresKepOfficeDbContext>().UseNpgsql(connectionString);
        builder.UsePersonalDataProtection(protection);
        try
        {
            await using (var db = new PostgresKepOfficeDbContext(builder.Options))
            {
                await db.Database.MigrateAsync();
            }

            await run(connectionString, builder.Options);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(adminConnection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>
    /// The bulk of the register ends beyond the largest threshold; a slice per threshold crossed it today, one slice expired in
    /// the last hour. Holder data is stored encrypted, as a node stores it; to keep seeding fast, rows share a pool of
    /// ciphertexts (each decrypts like any other).
    /// </summary>
    private static async Task<(int Reminders, int Expiries)> SeedAsync(string connectionString, PersonalDataProtection protection, int count, DateTimeOffset now,
        int perSlice)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY certificates (\"Id\", \"CaId\", \"SerialHex\", \"HolderName\", \"Email\", \"HolderNameIndex\", \"HolderSurnameIndex\", "
            + "\"NotBeforeUtc\", \"NotAfterUtc\", \"PrivateKeyNotAfterUtc\", "
            + "\"Status\", \"HoldAllowed\", \"PublicKeyFingerprint\", \"ThumbprintSha1\", \"Der\", \"IssuedUtc\", \"Version\") FROM STDIN (FORMAT BINARY)");
        var random = new Random(20261202);
        const string holder = "Петров Пётр Петрович";
        var holderCipher = protection.ProtectText(PersonalDataKind.Certificate, holder);
        var holderIndex = protection.BlindIndex(BlindIndexField.FullName, holder);
        var surnameIndex = protection.BlindIndex(BlindIndexField.Surname, "Петров");
        var emailCiphers = Enumerable.Range(0, 1000).Select(n => protection.ProtectText(PersonalDataKind.Certificate, $"holder{n}@bench.example.test")).ToArray();
        var der = protection.ProtectBytes(PersonalDataKind.Certificate, [0x30, 0x00]);
        var slices = new[] { 59.5, 29.5, 13.5, 2.5 };
        int reminders = 0, expiries = 0;
        for (var i = 0; i < count; i++)
        {
            var slice = i / perSlice;
            DateTimeOffset notAfter;
            var status = "Valid";
            if (slice < slices.Length)
            {
                notAfter = now.AddDays(slices[slice]).AddMinutes(random.Next(-600, 600));
                reminders++;
            }
            else if (slice == slices.Length)
            {
                notAfter = now.AddMinutes(-random.Next(1, 60));
                expiries++;
            }
            else
            {
                notAfter = now.AddDays(61 + random.NextDouble() * 400);
                // Some of the register has ended already: revoked, superseded or expired long ago.
                status = (i % 20) switch { 0 => "Revoked", 1 => "Superseded", 2 => "Expired", _ => "Valid" };
                if (status == "Expired")
                {
                    notAfter = now.AddDays(-1 - random.NextDouble() * 400);
                }
            }

            var notBefore = notAfter.AddMonths(-15);
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await writer.WriteAsync("bench-ca", NpgsqlDbType.Varchar);
            await writer.WriteAsync(i.ToString("X16", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
            await writer.WriteAsync(holderCipher, NpgsqlDbType.Text);
            await writer.WriteAsync(emailCiphers[i % emailCiphers.Length], NpgsqlDbType.Text);
            await writer.WriteAsync(holderIndex, NpgsqlDbType.Varchar);
            await writer.WriteAsync(surnameIndex, NpgsqlDbType.Varchar);
            await writer.WriteAsync(notBefore.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(notAfter.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(notAfter.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(status, NpgsqlDbType.Varchar);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(i.ToString("X64", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
            await writer.WriteAsync(i.ToString("X40", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
            await writer.WriteAsync(der, NpgsqlDbType.Bytea);
            await writer.WriteAsync(notBefore.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
        }

        await writer.CompleteAsync();
        return (reminders, expiries);
    }

    private sealed record JobTime(TimeSpan Wall, TimeSpan Jit, TimeSpan Cpu);

    private static async Task<(JobTime Time, object Result)> TimeAsync(DbContextOptions<PostgresKepOfficeDbContext> dbOptions, SmtpOptions smtp, DateTimeOffset now,
        Func<RenewalReminders, CertificateExpiry, Task<object>> run)
    {
        await using var db = new PostgresKepOfficeDbContext(dbOptions);
        var lifecycle = Options.Create(new LifecycleOptions());
        var email = Options.Create(new EmailOptions { CaName = "ООО «Бенчмарк-УЦ»" });
        var outbox = new EmailOutbox(db, new EmailTemplates(email), new MailKitSmtpTransportFactory(smtp), Options.Create(smtp), email, TimeProvider.System,
            NullLogger<EmailOutbox>.Instance);
        var mail = new LifecycleMail(lifecycle, Options.Create(new PkiHostOptions { PublicUrl = "https://uc.bench.example.test" }), email);
        var clock = new FixedClock(now);
        var reminders = new RenewalReminders(db, outbox, mail, lifecycle, clock, NullLogger<RenewalReminders>.Instance);
        var audit = new AuditLog(db, new SystemAuditActorSource(), clock);
        var expiry = new CertificateExpiry(db, audit, outbox, mail, lifecycle, clock, NullLogger<CertificateExpiry>.Instance);
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await run(reminders, expiry);
        return (new JobTime(watch.Elapsed, System.Runtime.JitInfo.GetCompilationTime() - jit, Process.GetCurrentProcess().TotalProcessorTime - cpu), result);
    }

    /// <summary>What a first attempt would do: read every valid certificate's dates and decide in the application.</summary>
    private static async Task<(TimeSpan Time, int Due)> NaiveScanAsync(string connectionString, DateTimeOffset now, bool reminders)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Id\", \"NotBeforeUtc\", \"NotAfterUtc\", \"PrivateKeyNotAfterUtc\" FROM certificates WHERE \"Status\" = 'Valid'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var due = 0;
        var horizon = now.UtcDateTime.AddDays(60);
        while (await reader.ReadAsync())
        {
            var notBefore = reader.GetDateTime(1);
            var notAfter = reader.GetDateTime(2);
            var keyEnd = reader.GetDateTime(3);
            var deadline = keyEnd > notBefore && keyEnd < notAfter ? keyEnd : notAfter;
            due += reminders ? (deadline > now.UtcDateTime && deadline <= horizon ? 1 : 0) : (notAfter < now.UtcDateTime ? 1 : 0);
        }

        return (watch.Elapsed, due);
    }

    private static async Task<double> DeliverAsync(DbContextOptions<PostgresKepOfficeDbContext> dbOptions, SmtpOptions smtp, int messages)
    {
        var email = Options.Create(new EmailOptions { CaName = "ООО «Бенчмарк-УЦ»" });
        var watch = Stopwatch.StartNew();
        var sent = 0;
        while (sent < messages)
        {
            await using var db = new PostgresKepOfficeDbContext(dbOptions);
            var outbox = new EmailOutbox(db, new EmailTemplates(email), new MailKitSmtpTransportFactory(smtp), Options.Create(smtp), email, TimeProvider.System,
                NullLogger<EmailOutbox>.Instance);
            var result = await outbox.DeliverDueAsync(Math.Min(500, messages - sent), CancellationToken.None);
            if (result.Claimed == 0 || result.Sent == 0)
            {
                throw new InvalidOperationException($"delivery stopped after {sent} messages: {result}");
            }

            sent += result.Sent;
        }

        return sent / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> MailKitLoopAsync(SmtpOptions smtp, int messages)
    {
        var templates = new EmailTemplates(Options.Create(new EmailOptions { CaName = "ООО «Бенчмарк-УЦ»" }));
        var rendered = templates.Render(EmailTemplateIds.RenewalReminder, new RenewalReminderEmail("Пётр Петрович", "0000000000000001", 30,
            DateTimeOffset.UtcNow.AddDays(30), RenewalDeadline.CertificateValidity, new Uri("https://uc.bench.example.test/renewal/1")));
        using var client = new SmtpClient();
        var watch = Stopwatch.StartNew();
        // NoDelay as the outbox's transport sets it: without it Nagle's algorithm and delayed ACKs cost about 40 ms per message.
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
        return messages / watch.Elapsed.TotalSeconds;
    }

    private static SmtpOptions Smtp() => new()
    {
        Host = Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_HOST"),
        Port = int.Parse(Environment.GetEnvironmentVariable("KEPOFFICE_TEST_SMTP_PORT") ?? "1025", CultureInfo.InvariantCulture),
        Security = SmtpSecurity.None,
        FromAddress = "uc@bench.example.test",
        TimeoutSeconds = 30,
    };

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The seeding instant, so that the slices land exactly where the jobs look.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
