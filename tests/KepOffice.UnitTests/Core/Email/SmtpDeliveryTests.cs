using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using KepOffice.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.UnitTests.Core.Email;

/// <summary>Delivery to a real SMTP server (maildev), read back through its HTTP API.</summary>
public sealed class SmtpDeliveryTests : IDisposable
{
    private readonly OutboxTestDatabase _database = new();

    // Recipients of one test share a domain of their own, so tests sharing the server never see each other's mail.
    private readonly string _domain = Guid.NewGuid().ToString("N")[..12] + ".example.test";

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Every_template_arrives_with_its_Russian_subject_and_bodies_intact()
    {
        var smtp = SharedMailDev.Smtp(SharedMailDev.Host, SharedMailDev.Port);
        var templates = EmailSamples.Templates();
        var expected = new Dictionary<string, RenderedEmail>();
        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, new MailKitSmtpTransportFactory(smtp), smtp: smtp);
            foreach (var template in EmailTemplates.Catalogue)
            {
                var recipient = $"{template.Id}@{_domain}";
                var model = EmailSamples.ModelFor(template.Id);
                expected[recipient] = templates.Render(template.Id, model);
                await outbox.EnqueueAsync(new OutgoingEmail(recipient, template.Id, model), CancellationToken.None);
            }

            await db.SaveChangesAsync();
            var result = await outbox.DeliverDueAsync(50, CancellationToken.None);
            Assert.Equal(new OutboxDeliveryResult(expected.Count, expected.Count, 0, 0), result);
        }

        var arrived = await SharedMailDev.Api.MessagesToAsync(_domain);

        Assert.Equal(expected.Count, arrived.Count);
        foreach (var message in arrived)
        {
            var recipient = message.GetProperty("to")[0].GetProperty("address").GetString()!;
            var sent = expected[recipient];
            Assert.Equal(sent.Subject, message.GetProperty("subject").GetString());
            Assert.Equal(Normalize(sent.Text), Normalize(message.GetProperty("text").GetString()!));
            Assert.Equal(Normalize(sent.Html), Normalize(message.GetProperty("html").GetString()!));
            Assert.Equal(EmailSamples.CaName, message.GetProperty("from")[0].GetProperty("name").GetString());
        }

        await using var check = _database.CreateContext();
        var rows = await check.Set<OutboxEmail>().ToListAsync();
        Assert.All(rows, r => Assert.Equal(OutboxEmailStatus.Sent, r.Status));
        Assert.Equal(
            rows.Select(r => "<" + r.MessageId + ">").Order(),
            arrived.Select(MailDevApi.MessageId).Order());
    }

    [Fact]
    public async Task Server_down_mid_run_backs_off_and_every_message_arrives_exactly_once_when_it_returns()
    {
        await using var server = new OwnMailDev();
        await server.StartAsync();
        var smtp = SharedMailDev.Smtp("127.0.0.1", server.SmtpPort);
        const int count = 12;
        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, new MailKitSmtpTransportFactory(smtp), smtp: smtp);
            for (var i = 0; i < count; i++)
            {
                await outbox.EnqueueAsync(new OutgoingEmail($"n{i}@{_domain}", EmailTemplateIds.ApplicationReceived,
                    EmailSamples.ModelFor(EmailTemplateIds.ApplicationReceived)), CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        async Task<OutboxDeliveryResult> DeliverAsync(int batch)
        {
            await using var db = _database.CreateContext();
            return await _database.Outbox(db, new MailKitSmtpTransportFactory(smtp), smtp: smtp).DeliverDueAsync(batch, CancellationToken.None);
        }

        Assert.Equal(5, (await DeliverAsync(5)).Sent);
        var beforeOutage = await server.Api.MessagesToAsync(_domain);
        Assert.Equal(5, beforeOutage.Count);

        await server.StopAsync();
        var down = await DeliverAsync(50);
        Assert.Equal(new OutboxDeliveryResult(count - 5, 0, count - 5, 0), down);
        await using (var db = _database.CreateContext())
        {
            var waiting = await db.Set<OutboxEmail>().Where(e => e.Status == OutboxEmailStatus.Pending).ToListAsync();
            Assert.Equal(count - 5, waiting.Count);
            Assert.All(waiting, e =>
            {
                Assert.Equal(1, e.Attempts);
                Assert.Equal(_database.Time.GetUtcNow().UtcDateTime.AddMinutes(1), e.NextAttemptAt);
                Assert.StartsWith("SocketException", e.LastError);
            });
        }

        // Still down at the first retry: the back-off doubles.
        _database.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(count - 5, (await DeliverAsync(50)).Retrying);
        await using (var db = _database.CreateContext())
        {
            Assert.All(await db.Set<OutboxEmail>().Where(e => e.Status == OutboxEmailStatus.Pending).ToListAsync(), e =>
                Assert.Equal(_database.Time.GetUtcNow().UtcDateTime.AddMinutes(2), e.NextAttemptAt));
        }

        await server.StartAsync();
        Assert.Equal(0, (await DeliverAsync(50)).Claimed);
        _database.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(count - 5, (await DeliverAsync(50)).Sent);
        _database.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await DeliverAsync(50)).Claimed);

        var afterOutage = await server.Api.MessagesToAsync(_domain);
        var all = beforeOutage.Concat(afterOutage).ToList();
        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Select(MailDevApi.MessageId).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, count).Select(i => $"n{i}@{_domain}").Order(),
            all.Select(m => m.GetProperty("to")[0].GetProperty("address").GetString()!).Order());
        Assert.All(afterOutage, m => Assert.Equal("Заявление № 2026-000123 принято", m.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task Two_nodes_delivering_to_a_real_server_never_send_one_message_twice()
    {
        var smtp = SharedMailDev.Smtp(SharedMailDev.Host, SharedMailDev.Port);
        const int count = 120;
        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, new MailKitSmtpTransportFactory(smtp), smtp: smtp);
            for (var i = 0; i < count; i++)
            {
                await outbox.EnqueueAsync(new OutgoingEmail($"n{i}@{_domain}", EmailTemplateIds.ApplicationReceived,
                    EmailSamples.ModelFor(EmailTemplateIds.ApplicationReceived)), CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        async Task NodeAsync()
        {
            while (true)
            {
                await using var db = _database.CreateContext();
                var result = await _database.Outbox(db, new MailKitSmtpTransportFactory(smtp), smtp: smtp).DeliverDueAsync(10, CancellationToken.None);
                if (result.Claimed == 0)
                {
                    return;
                }
            }
        }

        await Task.WhenAll(Task.Run(NodeAsync), Task.Run(NodeAsync));

        var arrived = await SharedMailDev.Api.MessagesToAsync(_domain);
        Assert.Equal(count, arrived.Count);
        Assert.Equal(count, arrived.Select(MailDevApi.MessageId).Distinct().Count());
    }

    private static string Normalize(string value) => value.ReplaceLineEndings("\n").TrimEnd();
}
