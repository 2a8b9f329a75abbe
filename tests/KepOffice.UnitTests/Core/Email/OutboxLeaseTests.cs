using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Transport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace KepOffice.UnitTests.Core.Email;

/// <summary>
/// A claimed batch is a lease (KepOffice:Email:SendingTimeout): once it runs out, another node's run may take the rows the
/// batch has not reached yet. A batch that has used half its lease therefore stops and gives the rest back, so that no row
/// is sent by two nodes.
/// </summary>
public sealed class OutboxLeaseTests : IDisposable
{
    private readonly OutboxTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_slow_batch_stops_at_half_its_lease_and_gives_the_rest_back_untried()
    {
        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, _database.Pickup());
            for (var i = 0; i < 5; i++)
            {
                await outbox.EnqueueAsync(new OutgoingEmail($"slow{i}@example.test", "application-received", EmailSamples.ModelFor("application-received")),
                    CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        // Each message takes 3 minutes of the 10-minute lease: after two, half the lease is gone.
        var transport = new SlowTransport(_database.Time, TimeSpan.FromMinutes(3));
        OutboxDeliveryResult first;
        await using (var db = _database.CreateContext())
        {
            first = await _database.Outbox(db, transport).DeliverDueAsync(10, CancellationToken.None);
        }

        List<OutboxEmail> afterFirst;
        await using (var db = _database.CreateContext())
        {
            afterFirst = await db.Set<OutboxEmail>().AsNoTracking().ToListAsync();
        }

        while (true)
        {
            await using var db = _database.CreateContext();
            if ((await _database.Outbox(db, transport).DeliverDueAsync(10, CancellationToken.None)).Claimed == 0)
            {
                break;
            }
        }

        await using var check = _database.CreateContext();
        var rows = await check.Set<OutboxEmail>().AsNoTracking().ToListAsync();

        Assert.Equal((5, 2), (first.Claimed, first.Sent));
        Assert.Equal(2, afterFirst.Count(e => e.Status == OutboxEmailStatus.Sent));
        Assert.All(afterFirst.Where(e => e.Status != OutboxEmailStatus.Sent), e => Assert.Equal((OutboxEmailStatus.Pending, 0, (Guid?)null), (e.Status, e.Attempts, e.ClaimToken)));
        Assert.Equal(5, transport.Sent.Count);
        Assert.Equal(5, transport.Sent.Distinct().Count());
        Assert.All(rows, e => Assert.Equal((OutboxEmailStatus.Sent, 1), (e.Status, e.Attempts)));
    }

    /// <summary>An SMTP server that takes its time: each message moves the clock on.</summary>
    private sealed class SlowTransport(FakeTimeProvider time, TimeSpan perMessage) : ISmtpTransportFactory, IEmailTransport
    {
        public List<string> Sent { get; } = [];

        public bool IsConnected => true;

        public Task<IEmailTransport> ConnectAsync(CancellationToken cancellationToken) => Task.FromResult<IEmailTransport>(this);

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message.MessageId ?? "");
            time.Advance(perMessage);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
