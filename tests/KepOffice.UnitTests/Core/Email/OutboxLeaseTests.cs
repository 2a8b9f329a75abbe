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

    [Fact]
    public async Task While_the_database_is_slow_the_sending_waits_so_that_few_messages_are_ever_sent_without_a_record()
    {
        const int count = 30;
        await using (var db = _database.CreateContext())
        {
            var outbox = _database.Outbox(db, _database.Pickup());
            for (var i = 0; i < count; i++)
            {
                await outbox.EnqueueAsync(new OutgoingEmail($"r{i}@example.test", "application-received", EmailSamples.ModelFor("application-received")),
                    CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        // Every write of the delivering context takes 40 ms, the SMTP server none: without the bound, the whole batch would
        // leave before its first "sent" record, and a node dying then would send all of it again after the lease.
        var transport = new RecordCheckingTransport(_database);
        var options = new DbContextOptionsBuilder<OutboxTestDbContext>()
            .UseSqlite($"Data Source={Path.Combine(Path.GetDirectoryName(_database.PickupPath)!, "outbox.db")};Default Timeout=60")
            .AddInterceptors(new SlowWrites(TimeSpan.FromMilliseconds(40)))
            .Options;
        OutboxDeliveryResult result;
        await using (var db = new OutboxTestDbContext(options))
        {
            result = await _database.Outbox(db, transport).DeliverDueAsync(count, CancellationToken.None);
        }

        await using var check = _database.CreateContext();
        Assert.Equal(count, result.Sent);
        Assert.Equal(count, transport.Unrecorded.Count);
        Assert.True(transport.Unrecorded.Max() <= EmailOutbox.MaxUnrecordedSends - 1,
            $"up to {transport.Unrecorded.Max()} messages had left without a record when the next one was sent");
        Assert.True(transport.Unrecorded.Max() > 0, "the records lagged behind the sending at least once");
        Assert.True(await check.Set<OutboxEmail>().AllAsync(e => e.Status == OutboxEmailStatus.Sent && e.ClaimToken == null));
    }

    /// <summary>Before each message, counts the messages it has sent whose "sent" record is not in the database yet.</summary>
    private sealed class RecordCheckingTransport(OutboxTestDatabase database) : ISmtpTransportFactory, IEmailTransport
    {
        private readonly List<Guid> _sent = [];

        public List<int> Unrecorded { get; } = [];

        public bool IsConnected => true;

        public Task<IEmailTransport> ConnectAsync(CancellationToken cancellationToken) => Task.FromResult<IEmailTransport>(this);

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            await using (var db = database.CreateContext())
            {
                var recorded = await db.Set<OutboxEmail>().AsNoTracking()
                    .CountAsync(e => _sent.Contains(e.Id) && e.Status == OutboxEmailStatus.Sent, cancellationToken);
                Unrecorded.Add(_sent.Count - recorded);
            }

            await using (var db = database.CreateContext())
            {
                var messageId = message.MessageId;
                _sent.Add(await db.Set<OutboxEmail>().AsNoTracking().Where(e => e.MessageId == messageId).Select(e => e.Id).SingleAsync(cancellationToken));
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SlowWrites(TimeSpan delay) : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, cancellationToken);
            return result;
        }
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
