using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KepOffice.IntegrationTests.Certificates;

/// <summary>
/// One application per provider whose clock is a <see cref="FakeTimeProvider"/> the tests move forward.
/// The lifecycle and delivery schedules are off, so that only the tests run those jobs.
/// </summary>
public sealed class LifecycleApps : IDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<(KepOfficeApp App, FakeTimeProvider Clock)>> _apps = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public (KepOfficeApp App, FakeTimeProvider Clock) For(DatabaseProvider provider)
    {
        var entry = _apps.GetOrAdd(provider, p => new Lazy<(KepOfficeApp, FakeTimeProvider)>(() =>
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var app = new KepOfficeApp(p,
                new Dictionary<string, string?>
                {
                    ["KepOffice:Jobs:renewal-reminders:Cron"] = "off",
                    ["KepOffice:Jobs:certificate-expiry:Cron"] = "off",
                    ["KepOffice:Jobs:email-delivery:Cron"] = "off",
                    ["KepOffice:Jobs:revocation-deadline:Cron"] = "off",
                    ["KepOffice:Pki:PublicUrl"] = "https://uc.example.test",
                    // Small batches, so that every test also crosses batch boundaries.
                    ["KepOffice:Lifecycle:BatchSize"] = "7",
                },
                services =>
                {
                    services.AddSingleton<TimeProvider>(clock);
                    services.AddSingleton<ILoggerProvider>(Logs);
                });
            return (app, clock);
        })).Value;
        _ = entry.App.Server;
        return entry;
    }

    public void Dispose()
    {
        foreach (var entry in _apps.Values.Where(a => a.IsValueCreated))
        {
            entry.Value.App.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LifecycleCollection : ICollectionFixture<LifecycleApps>
{
    public const string Name = "certificate lifecycle";
}

/// <summary>Keeps every formatted log line and exception, to prove that personal data stays out of them.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{formatter(state, exception)} {exception}");
    }
}

/// <summary>Register entries written straight into the database: the lifecycle jobs only read the register.</summary>
internal static class TestCertificates
{
    public static async Task<CertificateRecord> AddAsync(IServiceProvider services, DateTimeOffset notAfter, string? email,
        CertificateStatus status = CertificateStatus.Valid, DateTimeOffset? keyNotAfter = null, string holder = "Петров Пётр Петрович",
        string? applicationNumber = null, DateTimeOffset? issued = null)
    {
        var notBefore = (issued ?? notAfter.AddMonths(-12)).UtcDateTime;
        var record = new CertificateRecord
        {
            Id = Guid.NewGuid(),
            CaId = "test-ca",
            SerialHex = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ApplicationNumber = applicationNumber,
            HolderName = holder,
            Snils = "11223344595",
            Email = email,
            NotBeforeUtc = notBefore,
            NotAfterUtc = notAfter.UtcDateTime,
            PrivateKeyNotAfterUtc = (keyNotAfter ?? notAfter).UtcDateTime,
            Status = status,
            RevokedAtUtc = status == CertificateStatus.Revoked ? notBefore.AddDays(1) : null,
            RevocationReason = status == CertificateStatus.Revoked ? KepOffice.Pki.Revocation.RevocationReason.KeyCompromise : null,
            PublicKeyFingerprint = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            ThumbprintSha1 = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
            Der = [0x30, 0x00],
            IssuedUtc = notBefore,
        };
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        db.Add(record);
        await db.SaveChangesAsync();
        return record;
    }

    /// <summary>Days left in a message are calendar days in Moscow; a fixed time of day keeps them predictable.</summary>
    public static void MoveToNextMoscowNoon(FakeTimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var noon = new DateTimeOffset(now.UtcDateTime.Date.AddHours(9), TimeSpan.Zero);
        clock.SetUtcNow(noon > now ? noon : noon.AddDays(1));
    }

    public static async Task<List<OutboxEmail>> EmailsAsync(IServiceProvider services, CertificateRecord certificate)
    {
        await using var scope = services.CreateAsyncScope();
        var correlation = $"certificate:{certificate.SerialHex}";
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<OutboxEmail>().AsNoTracking()
            .Where(e => e.Correlation == correlation).OrderBy(e => e.CreatedAt).ToListAsync();
    }

    public static async Task<List<CertificateReminder>> RemindersAsync(IServiceProvider services, CertificateRecord certificate)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateReminder>().AsNoTracking()
            .Where(r => r.CertificateId == certificate.Id).OrderByDescending(r => r.ThresholdDays).ToListAsync();
    }

    public static async Task<CertificateRecord> ReloadAsync(IServiceProvider services, CertificateRecord certificate)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking()
            .SingleAsync(c => c.Id == certificate.Id);
    }

    public static async Task<ReminderRunResult> RunRemindersAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RenewalReminders>().SendDueAsync(CancellationToken.None);
    }

    public static async Task<ExpiryRunResult> RunExpiryAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CertificateExpiry>().ExpireDueAsync(CancellationToken.None);
    }

    /// <summary>Delivers the outbox to the real SMTP server and waits until maildev shows the messages to <paramref name="address"/>.</summary>
    public static async Task<List<JsonElement>> DeliverAndReadMaildevAsync(IServiceProvider services, string address, int expected)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().DeliverDueAsync(200, CancellationToken.None);
        }

        using var http = new HttpClient();
        var arrived = new List<JsonElement>();
        for (var attempt = 0; attempt < 50 && arrived.Count < expected; attempt++)
        {
            arrived = (await http.GetFromJsonAsync<JsonElement>($"{TestEnvironment.MaildevApi}/api/email")).EnumerateArray()
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address)).ToList();
            if (arrived.Count < expected)
            {
                await Task.Delay(100);
            }
        }

        return arrived;
    }
}
