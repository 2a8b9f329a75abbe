using KepOffice.Core.Email;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using KepOffice.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace KepOffice.UnitTests.Core.Email;

public sealed class EmailOutboxTests : IDisposable
{
    private readonly OutboxTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Enqueue_adds_to_the_callers_unit_of_work_without_saving()
    {
        await using var db = _database.CreateContext();
        var outbox = _database.Outbox(db, _database.Pickup());

        var row = await outbox.EnqueueAsync(Received("a@example.test"), CancellationToken.None);

        Assert.NotNull(row);
        await using (var other = _database.CreateContext())
        {
            Assert.Equal(0, await other.Set<OutboxEmail>().CountAsync());
        }

        await db.SaveChangesAsync();
        await using var check = _database.CreateContext();
        var saved = await check.Set<OutboxEmail>().SingleAsync();
        Assert.Equal(OutboxEmailStatus.Pending, saved.Status);
        Assert.Equal("Заявление № 2026-000123 принято", saved.Subject);
        Assert.Equal("application:2026-000123", saved.Correlation);
        Assert.Equal(EmailSamples.Now.UtcDateTime, saved.NextAttemptAt);
        Assert.Equal(DateTimeKind.Utc, saved.NextAttemptAt.Kind);
    }

    [Fact]
    public async Task A_second_enqueue_with_the_same_dedupe_key_is_a_no_op()
    {
        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, _database.Pickup());
            Assert.NotNull(await outbox.EnqueueAsync(Reminder("r@example.test", "renewal:cert-1:30"), CancellationToken.None));
            Assert.Null(await outbox.EnqueueAsync(Reminder("r@example.test", "renewal:cert-1:30"), CancellationToken.None));
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, _database.Pickup());
            Assert.Null(await outbox.EnqueueAsync(Reminder("r@example.test", "renewal:cert-1:30"), CancellationToken.None));
            Assert.NotNull(await outbox.EnqueueAsync(Reminder("r@example.test", "renewal:cert-1:7"), CancellationToken.None));
            await db.SaveChangesAsync();
        }

        await using var check = _database.CreateContext();
        Assert.Equal(2, await check.Set<OutboxEmail>().CountAsync());
    }

    [Fact]
    public async Task Two_racing_enqueues_with_one_dedupe_key_commit_only_once()
    {
        await using var first = _database.CreateContext();
        await using var second = _database.CreateContext();
        await _database.Outbox(first, _database.Pickup()).EnqueueAsync(Reminder("r@example.test", "renewal:cert-2:30"), CancellationToken.None);
        await _database.Outbox(second, _database.Pickup()).EnqueueAsync(Reminder("r@example.test", "renewal:cert-2:30"), CancellationToken.None);

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        await using var check = _database.CreateContext();
        Assert.Equal(1, await check.Set<OutboxEmail>().CountAsync());
    }

    [Fact]
    public async Task A_batch_enqueue_skips_keys_saved_already_added_already_or_repeated_in_the_batch()
    {
        await using (var db = _database.CreateContext())
        {
            Assert.NotNull(await _database.Outbox(db, _database.Pickup()).EnqueueAsync(Reminder("r@example.test", "renewal:saved:30"), CancellationToken.None));
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, _database.Pickup());
            Assert.NotNull(await outbox.EnqueueAsync(Reminder("r@example.test", "renewal:added:30"), CancellationToken.None));

            var rows = await outbox.EnqueueManyAsync(
                [
                    Reminder("a@example.test", "renewal:saved:30"),
                    Reminder("b@example.test", "renewal:new:30"),
                    Reminder("c@example.test", "renewal:added:30"),
                    Reminder("d@example.test", "renewal:new:30"),
                    Received("e@example.test"),
                    Received("f@example.test"),
                ],
                CancellationToken.None);

            Assert.Equal(6, rows.Count);
            Assert.Null(rows[0]);
            Assert.Equal("b@example.test", rows[1]?.Recipient);
            Assert.Null(rows[2]);
            Assert.Null(rows[3]);
            Assert.NotNull(rows[4]);
            Assert.NotNull(rows[5]);
            Assert.NotEqual(rows[4]!.MessageId, rows[5]!.MessageId);
            await db.SaveChangesAsync();
        }

        await using var check = _database.CreateContext();
        var saved = (await check.Set<OutboxEmail>().Select(e => e.Recipient).ToListAsync()).Order(StringComparer.Ordinal);
        Assert.Equal(["b@example.test", "e@example.test", "f@example.test", "r@example.test", "r@example.test"], saved);
    }

    [Fact]
    public async Task A_batch_with_one_bad_recipient_or_model_adds_nothing()
    {
        await using var db = _database.CreateContext();
        var outbox = _database.Outbox(db, _database.Pickup());

        var address = await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueManyAsync(
            [Reminder("a@example.test", "renewal:x:30"), Reminder("not an address", "renewal:y:30")], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueManyAsync(
            [Reminder("a@example.test", "renewal:x:30"), new OutgoingEmail("b@example.test", EmailTemplateIds.RenewalReminder, "wrong model")],
            CancellationToken.None));

        Assert.DoesNotContain("not an address", address.Message);
        Assert.Empty(db.ChangeTracker.Entries());
        Assert.NotNull(await outbox.EnqueueAsync(Reminder("a@example.test", "renewal:x:30"), CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_checks_thousands_of_keys_against_the_database_in_chunks()
    {
        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, _database.Pickup());
            await outbox.EnqueueManyAsync(Enumerable.Range(0, 1500).Where(i => i % 3 == 0).Select(i => Reminder("r@example.test", $"renewal:{i}:30")).ToList(),
                CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateContext())
        {
            var rows = await _database.Outbox(db, _database.Pickup()).EnqueueManyAsync(
                Enumerable.Range(0, 2500).Select(i => Reminder("r@example.test", $"renewal:{i}:30")).ToList(), CancellationToken.None);

            Assert.Equal(Enumerable.Range(0, 2500).Select(i => i < 1500 && i % 3 == 0).ToArray(), rows.Select(r => r is null).ToArray());
            await db.SaveChangesAsync();
        }

        await using var check = _database.CreateContext();
        Assert.Equal(2500, await check.Set<OutboxEmail>().CountAsync());
    }

    [Fact]
    public async Task Failures_back_off_1_2_4_minutes_up_to_an_hour_then_the_message_fails()
    {
        await EnqueueAsync(Received("backoff@example.test"));
        var closedPort = Ports.Free();
        var smtp = SharedMailDevless(closedPort);
        var expected = new[] { 1, 2, 4, 8, 16, 32, 60, 60 };

        for (var attempt = 1; attempt <= 9; attempt++)
        {
            await using var db = _database.CreateContext();
            var outbox = _database.Outbox(db, new MailKitSmtpTransportFactory(smtp), o => o.MaxAttempts = 9, smtp);
            var result = await outbox.DeliverDueAsync(10, CancellationToken.None);
            Assert.Equal(1, result.Claimed);
            Assert.Equal(0, result.Sent);

            var row = await db.Set<OutboxEmail>().AsNoTracking().SingleAsync();
            Assert.Equal(attempt, row.Attempts);
            Assert.Equal("SocketException ConnectionRefused", row.LastError);
            Assert.Null(row.ClaimToken);
            if (attempt < 9)
            {
                Assert.Equal(OutboxEmailStatus.Pending, row.Status);
                var delay = TimeSpan.FromMinutes(expected[attempt - 1]);
                Assert.Equal(_database.Time.GetUtcNow().UtcDateTime + delay, row.NextAttemptAt);

                // Not due a moment before the back-off ends.
                _database.Time.Advance(delay - TimeSpan.FromSeconds(1));
                Assert.Equal(0, (await outbox.DeliverDueAsync(10, CancellationToken.None)).Claimed);
                _database.Time.Advance(TimeSpan.FromSeconds(1));
            }
            else
            {
                Assert.Equal(OutboxEmailStatus.Failed, row.Status);
                Assert.Equal(1, result.Failed);
            }
        }

        _database.Time.Advance(TimeSpan.FromDays(1));
        await using var last = _database.CreateContext();
        var pickup = _database.Outbox(last, _database.Pickup());
        Assert.Equal(0, (await pickup.DeliverDueAsync(10, CancellationToken.None)).Claimed);

        // A manager retries it by hand once the server is fixed.
        var id = (await last.Set<OutboxEmail>().AsNoTracking().SingleAsync()).Id;
        Assert.True(await pickup.RetryFailedAsync(id, CancellationToken.None));
        Assert.False(await pickup.RetryFailedAsync(id, CancellationToken.None));
        Assert.Equal(1, (await pickup.DeliverDueAsync(10, CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task Last_error_holds_no_address_or_text_of_the_message()
    {
        await EnqueueAsync(Received("private.person@example.test"));
        var smtp = SharedMailDevless(Ports.Free());
        await using var db = _database.CreateContext();

        await _database.Outbox(db, new MailKitSmtpTransportFactory(smtp), smtp: smtp).DeliverDueAsync(10, CancellationToken.None);

        var row = await db.Set<OutboxEmail>().AsNoTracking().SingleAsync();
        Assert.DoesNotContain("private.person", row.LastError);
        Assert.DoesNotContain("@", row.LastError);
        Assert.DoesNotContain("2026-000123", row.LastError);
    }

    [Fact]
    public async Task A_message_left_in_Sending_by_a_dead_node_is_sent_after_the_timeout()
    {
        var id = await EnqueueAsync(Received("stuck@example.test"));
        await using (var db = _database.CreateContext())
        {
            // What a node leaves behind when it dies between claiming and sending.
            var lease = _database.Time.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(10);
            await db.Set<OutboxEmail>().ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, OutboxEmailStatus.Sending)
                .SetProperty(e => e.ClaimToken, Guid.NewGuid())
                .SetProperty(e => e.Attempts, 1)
                .SetProperty(e => e.NextAttemptAt, lease));
        }

        await using (var db = _database.CreateContext())
        {
            _database.Time.Advance(TimeSpan.FromMinutes(9));
            Assert.Equal(0, (await _database.Outbox(db, _database.Pickup()).DeliverDueAsync(10, CancellationToken.None)).Claimed);
            _database.Time.Advance(TimeSpan.FromMinutes(1));
            var result = await _database.Outbox(db, _database.Pickup()).DeliverDueAsync(10, CancellationToken.None);
            Assert.Equal(1, result.Sent);
        }

        await using var check = _database.CreateContext();
        var row = await check.Set<OutboxEmail>().SingleAsync();
        Assert.Equal(OutboxEmailStatus.Sent, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Equal($"{id:N}@example.test", row.MessageId);
        Assert.Single(Directory.GetFiles(_database.PickupPath, "*.eml"));
    }

    [Fact]
    public async Task Two_concurrent_deliverers_never_send_one_message_twice()
    {
        const int count = 300;
        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, _database.Pickup());
            for (var i = 0; i < count; i++)
            {
                await outbox.EnqueueAsync(Received($"n{i}@example.test"), CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        var start = new TaskCompletionSource();
        async Task<int> NodeAsync()
        {
            await start.Task;
            var sent = 0;
            while (true)
            {
                await using var db = _database.CreateContext();
                var result = await _database.Outbox(db, _database.Pickup()).DeliverDueAsync(7, CancellationToken.None);
                if (result.Claimed == 0)
                {
                    return sent;
                }

                sent += result.Sent;
            }
        }

        var nodes = new[] { Task.Run(NodeAsync), Task.Run(NodeAsync) };
        start.SetResult();
        var sentByNode = await Task.WhenAll(nodes);

        Assert.Equal(count, sentByNode.Sum());
        var files = Directory.GetFiles(_database.PickupPath, "*.eml");
        Assert.Equal(count, files.Length);
        var messageIds = files.Select(f => MimeMessage.Load(f).MessageId).ToList();
        Assert.Equal(count, messageIds.Distinct().Count());
        await using var check = _database.CreateContext();
        Assert.True(await check.Set<OutboxEmail>().AllAsync(e => e.Status == OutboxEmailStatus.Sent && e.Attempts == 1));
    }

    [Fact]
    public async Task Pickup_folder_gets_a_readable_eml_with_the_attachment_which_is_then_dropped_from_the_database()
    {
        var pkcs12 = new byte[] { 0x30, 0x82, 0x01, 0x02, 0x03 };
        var email = new OutgoingEmail("holder@example.test", EmailTemplateIds.CertificateIssued,
            (CertificateIssuedEmail)EmailSamples.ModelFor(EmailTemplateIds.CertificateIssued) with { KeyDelivery = IssuedKeyDelivery.Pkcs12Attached, Pkcs12Url = null })
        {
            Attachment = new EmailAttachment("certificate.p12", "application/x-pkcs12", pkcs12),
        };
        await EnqueueAsync(email);

        await using var db = _database.CreateContext();
        Assert.Equal(1, (await _database.Outbox(db, _database.Pickup()).DeliverDueAsync(10, CancellationToken.None)).Sent);

        var message = MimeMessage.Load(Assert.Single(Directory.GetFiles(_database.PickupPath, "*.eml")));
        Assert.Equal("Квалифицированный сертификат выпущен (заявление № 2026-000123)", message.Subject);
        Assert.Equal("holder@example.test", message.To.Mailboxes.Single().Address);
        Assert.Equal(EmailSamples.CaName, message.From.Mailboxes.Single().Name);
        Assert.Contains("приложен к этому письму", message.TextBody);
        Assert.Contains("<!DOCTYPE html>", message.HtmlBody);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("certificate.p12", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(pkcs12, content.ToArray());
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);

        var row = await db.Set<OutboxEmail>().AsNoTracking().SingleAsync();
        Assert.Null(row.Attachment);
        Assert.Equal(EmailSamples.Now.UtcDateTime, row.SentAt);
    }

    [Fact]
    public async Task Cancelled_delivery_gives_the_claimed_messages_back_untouched()
    {
        await EnqueueAsync(Received("c@example.test"));
        using var cancelled = new CancellationTokenSource();
        await using var db = _database.CreateContext();
        var outbox = _database.Outbox(db, new CancellingTransport(cancelled));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => outbox.DeliverDueAsync(10, cancelled.Token));

        var row = await db.Set<OutboxEmail>().AsNoTracking().SingleAsync();
        Assert.Equal(OutboxEmailStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.ClaimToken);
    }

    [Fact]
    public async Task An_invalid_recipient_is_refused_without_repeating_it()
    {
        await using var db = _database.CreateContext();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _database.Outbox(db, _database.Pickup()).EnqueueAsync(Received("not an address"), CancellationToken.None));

        Assert.DoesNotContain("not an address", error.Message);
    }

    [Fact]
    public void The_application_model_maps_the_outbox_to_email_outbox()
    {
        var options = new DbContextOptionsBuilder<KepOffice.Core.Data.SqliteKepOfficeDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new KepOffice.Core.Data.SqliteKepOfficeDbContext(options);

        var entity = db.Model.FindEntityType(typeof(OutboxEmail));

        Assert.NotNull(entity);
        Assert.Equal("email_outbox", entity.GetTableName());
        Assert.Contains(entity.GetIndexes(), i => i.IsUnique && i.Properties.Single().Name == nameof(OutboxEmail.DedupeKey));
    }

    [Fact]
    public void Retry_delay_doubles_from_one_minute_and_stops_at_an_hour()
    {
        using var db = _database.CreateContext();
        var outbox = _database.Outbox(db, _database.Pickup());

        Assert.Equal(
            [1, 2, 4, 8, 16, 32, 60, 60, 60],
            Enumerable.Range(1, 9).Select(a => outbox.RetryDelay(a).TotalMinutes).ToArray());
        Assert.Equal(TimeSpan.FromHours(1), outbox.RetryDelay(int.MaxValue));
    }

    private static SmtpOptions SharedMailDevless(int port) => SharedMailDev.Smtp("127.0.0.1", port);

    private static OutgoingEmail Received(string recipient) =>
        new(recipient, EmailTemplateIds.ApplicationReceived, EmailSamples.ModelFor(EmailTemplateIds.ApplicationReceived))
        {
            Correlation = "application:2026-000123",
        };

    private static OutgoingEmail Reminder(string recipient, string dedupeKey) =>
        new(recipient, EmailTemplateIds.RenewalReminder, EmailSamples.ModelFor(EmailTemplateIds.RenewalReminder)) { DedupeKey = dedupeKey };

    private async Task<Guid> EnqueueAsync(OutgoingEmail email)
    {
        await using var db = _database.CreateContext();
        var row = await _database.Outbox(db, _database.Pickup()).EnqueueAsync(email, CancellationToken.None);
        await db.SaveChangesAsync();
        return row!.Id;
    }

    /// <summary>Stands for the host shutting down while a batch is being sent.</summary>
    private sealed class CancellingTransport(CancellationTokenSource cancellation) : ISmtpTransportFactory
    {
        public Task<IEmailTransport> ConnectAsync(CancellationToken cancellationToken)
        {
            cancellation.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("unreachable");
        }
    }
}
