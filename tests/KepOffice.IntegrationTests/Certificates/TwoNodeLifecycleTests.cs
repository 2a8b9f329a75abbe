using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.IntegrationTests.Support;
using KepOffice.IntegrationTests.WorkflowRuntime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KepOffice.IntegrationTests.Certificates;

/// <summary>Two nodes on one PostgreSQL run the lifecycle work at the same moment, bypassing Hangfire's lock on purpose.</summary>
[Collection(NodesCollection.Name)]
public sealed class TwoNodeLifecycleTests(ITestOutputHelper output)
{
    private const int Certificates = 120;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["KepOffice:Jobs:renewal-reminders:Cron"] = "off",
        ["KepOffice:Jobs:certificate-expiry:Cron"] = "off",
        ["KepOffice:Jobs:email-delivery:Cron"] = "off",
        ["KepOffice:Lifecycle:BatchSize"] = "10",
    };

    [Fact]
    public async Task Reminders_and_expiry_run_on_two_nodes_at_once_send_each_message_exactly_once()
    {
        var database = PostgresDatabase.Create();
        using var nodeA = new KepOfficeNode(database, Settings).Started();
        using var nodeB = new KepOfficeNode(database, Settings).Started();
        var now = DateTimeOffset.UtcNow;
        var due = new List<CertificateRecord>();
        var expired = new List<CertificateRecord>();
        for (var i = 0; i < Certificates; i++)
        {
            due.Add(await TestCertificates.AddAsync(nodeA.Services, now.AddDays(10).AddMinutes(i), $"two.{i}@example.test"));
            expired.Add(await TestCertificates.AddAsync(nodeA.Services, now.AddDays(-1).AddMinutes(i), $"gone.{i}@example.test"));
        }

        var reminderRuns = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => TestCertificates.RunRemindersAsync((i % 2 == 0 ? nodeA : nodeB).Services))));
        var expiryRuns = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => TestCertificates.RunExpiryAsync((i % 2 == 0 ? nodeA : nodeB).Services))));

        await using var scope = nodeB.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var renewalKeys = await db.Set<OutboxEmail>().AsNoTracking().Where(e => e.DedupeKey!.StartsWith("renewal:")).Select(e => e.DedupeKey!).ToListAsync();
        var expiredKeys = await db.Set<OutboxEmail>().AsNoTracking().Where(e => e.DedupeKey!.StartsWith("expired:")).Select(e => e.DedupeKey!).ToListAsync();
        var reminders = await db.Set<CertificateReminder>().AsNoTracking().ToListAsync();
        var statuses = await db.Set<CertificateRecord>().AsNoTracking().Where(c => c.CaId == "test-ca")
            .GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        output.WriteLine($"reminder runs queued: {string.Join(", ", reminderRuns.Select(r => r.Queued))}; " +
            $"expiry runs expired: {string.Join(", ", expiryRuns.Select(r => r.Expired))}");

        Assert.Equal(Certificates, reminderRuns.Sum(r => r.Queued));
        Assert.Equal(due.Select(c => $"renewal:{c.Id:N}:14").Order(), renewalKeys.Order());
        Assert.Equal(Certificates, reminders.Count);
        Assert.Equal(Certificates, expiryRuns.Sum(r => r.Expired));
        Assert.Equal(Certificates, expiryRuns.Sum(r => r.Notified));
        Assert.Equal(expired.Select(c => $"expired:{c.Id:N}").Order(), expiredKeys.Order());
        Assert.Contains(statuses, s => s.Key == CertificateStatus.Expired && s.Count == Certificates);
        Assert.Contains(statuses, s => s.Key == CertificateStatus.Valid && s.Count == Certificates);
    }
}
