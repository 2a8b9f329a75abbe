using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Npgsql;

namespace KepOffice.UnitTests.Core.Email;

/// <summary>
/// The claim guard where it matters most: PostgreSQL under READ COMMITTED, several nodes at once.
/// Needs KEPOFFICE_TEST_PG (./test.sh starts a throw-away server); each test uses a database of its own.
/// </summary>
public sealed class PostgresOutboxTests : IAsyncLifetime
{
    private readonly string _database = "kepoffice_email_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _pickup = Path.Combine(Path.GetTempPath(), "kepoffice-email-pg-" + Guid.NewGuid().ToString("N"));
    private string _server = "";

    public async Task InitializeAsync()
    {
        _server = SharedMailDev.Require("KEPOFFICE_TEST_PG");
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
        await create.ExecuteNonQueryAsync();
        await using var db = CreateContext();
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
        if (Directory.Exists(_pickup))
        {
            Directory.Delete(_pickup, true);
        }
    }

    [Fact]
    public async Task A_batch_enqueue_on_PostgreSQL_finds_saved_dedupe_keys_and_the_unique_index_still_stops_a_racing_batch()
    {
        var time = new FakeTimeProvider(EmailSamples.Now);
        OutgoingEmail Keyed(int i) => new($"n{i}@example.test", EmailTemplateIds.ApplicationReceived,
            EmailSamples.ModelFor(EmailTemplateIds.ApplicationReceived)) { DedupeKey = $"batch:{i}" };
        await using (var db = CreateContext())
        {
            await Outbox(db, time).EnqueueManyAsync(Enumerable.Range(0, 1200).Where(i => i % 2 == 0).Select(Keyed).ToList(), CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await using var first = CreateContext();
        await using var second = CreateContext();
        var firstRows = await Outbox(first, time).EnqueueManyAsync(Enumerable.Range(0, 1500).Select(Keyed).ToList(), CancellationToken.None);
        var secondRows = await Outbox(second, time).EnqueueManyAsync(Enumerable.Range(1400, 200).Select(Keyed).ToList(), CancellationToken.None);
        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        Assert.Equal(Enumerable.Range(0, 1500).Select(i => i < 1200 && i % 2 == 0).ToArray(), firstRows.Select(r => r is null).ToArray());
        Assert.All(secondRows, Assert.NotNull);
        await using var check = CreateContext();
        Assert.Equal(1500, await check.Set<OutboxEmail>().CountAsync());
    }

    [Fact]
    public async Task Four_concurrent_deliverers_on_PostgreSQL_send_every_message_exactly_once()
    {
        const int count = 400;
        var time = new FakeTimeProvider(EmailSamples.Now);
        await using (var db = CreateContext())
        {
            var outbox = Outbox(db, time);
            for (var i = 0; i < count; i++)
            {
                await outbox.EnqueueAsync(new OutgoingEmail($"n{i}@example.test", EmailTemplateIds.ApplicationReceived,
                    EmailSamples.ModelFor(EmailTemplateIds.ApplicationReceived)) { DedupeKey = $"k{i}" }, CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        async Task NodeAsync()
        {
            while (true)
            {
                await using var db = CreateContext();
                if ((await Outbox(db, time).DeliverDueAsync(9, CancellationToken.None)).Claimed == 0)
                {
                    return;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(NodeAsync)));

        var files = Directory.GetFiles(_pickup, "*.eml");
        Assert.Equal(count, files.Length);
        Assert.Equal(count, files.Select(f => MimeMessage.Load(f).MessageId).Distinct().Count());
        await using var check = CreateContext();
        var rows = await check.Set<OutboxEmail>().ToListAsync();
        Assert.All(rows, r =>
        {
            Assert.Equal(OutboxEmailStatus.Sent, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.Equal(DateTimeKind.Utc, r.SentAt!.Value.Kind);
        });
    }

    private OutboxTestPgDbContext CreateContext()
    {
        var builder = new NpgsqlConnectionStringBuilder(_server) { Database = _database };
        return new OutboxTestPgDbContext(new DbContextOptionsBuilder<OutboxTestPgDbContext>().UseNpgsql(builder.ConnectionString).Options);
    }

    private EmailOutbox Outbox(DbContext db, TimeProvider time) =>
        new(db, EmailSamples.Templates(), new PickupFolderTransportFactory(new MailPickupFolder(_pickup)),
            Microsoft.Extensions.Options.Options.Create(new KepOffice.Core.Email.SmtpOptions { FromAddress = "uc@example.test" }),
            Microsoft.Extensions.Options.Options.Create(EmailSamples.Options()), time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EmailOutbox>.Instance);

    private sealed class OutboxTestPgDbContext(DbContextOptions<OutboxTestPgDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.ApplyConfiguration(new OutboxEmailConfiguration());
    }
}
