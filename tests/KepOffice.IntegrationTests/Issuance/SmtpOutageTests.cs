using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Jobs;
using KepOffice.IntegrationTests.Support;
using KepOffice.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Issuance.IssuanceDriver;

namespace KepOffice.IntegrationTests.Issuance;

/// <summary>
/// The SMTP server goes away in the middle of an issuance and comes back: the process does not wait for it, and every
/// message the applicant is owed arrives exactly once afterwards (the delivery job also runs on its own schedule meanwhile).
/// </summary>
public sealed class SmtpOutageTests
{
    [Fact]
    public async Task Messages_queued_while_the_SMTP_server_is_down_arrive_once_when_it_is_back()
    {
        await using var mail = new OwnMailDev();
        await mail.StartAsync();
        using var app = new KepOfficeApp(DatabaseProvider.PostgreSql, new Dictionary<string, string?>
        {
            ["KepOffice:Smtp:Host"] = "127.0.0.1",
            ["KepOffice:Smtp:Port"] = mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KepOffice:Smtp:TimeoutSeconds"] = "5",
            ["KepOffice:Email:FirstRetryDelay"] = "00:00:00.5",
            ["KepOffice:Email:MaxRetryDelay"] = "00:00:02",
        });
        var portal = await PortalClientAsync(app);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var mailbox = $"outage.{Guid.NewGuid():N}@example.test";

        await mail.StopAsync();
        var submitted = await portal.PostAsync("/api/intake/applications", Application(await GostCsrAsync(), email: mailbox));
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var instance = await InstanceOfAsync(app, number);
        await DeliverAsync(app);
        await CompleteOnlyTaskAsync(operatorClient, instance, "check-documents", "Approve");
        (await portal.PostAsync($"/api/intake/applications/{number}/payment", null)).EnsureSuccessStatusCode();
        await CompleteOnlyTaskAsync(operatorClient, instance, "identify", "Identified", new { method = "InPerson", document = "паспорт РФ" });
        await CompleteOnlyTaskAsync(operatorClient, instance, "print-act", "Signed");
        await DeliverAsync(app);
        var duringOutage = await OutboxAsync(app, number);

        await mail.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<OutboxEmail> afterwards;
        do
        {
            await Task.Delay(500);
            await DeliverAsync(app);
            afterwards = await OutboxAsync(app, number);
        }
        while (afterwards.Any(e => e.Status != OutboxEmailStatus.Sent) && DateTime.UtcNow < deadline);

        await DeliverAsync(app);
        await DeliverAsync(app);
        var arrived = await mail.Api.MessagesToAsync("example.test");
        var subjects = arrived.Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == mailbox))
            .Select(m => m.GetProperty("subject").GetString()!).ToList();

        Assert.Equal(3, duringOutage.Count);
        Assert.All(duringOutage, e => Assert.NotEqual(OutboxEmailStatus.Sent, e.Status));
        Assert.Contains(duringOutage, e => e.Attempts >= 1 && e.LastError is not null);
        Assert.All(afterwards, e => Assert.Equal(OutboxEmailStatus.Sent, e.Status));
        Assert.Equal(3, subjects.Count);
        Assert.Equal(3, subjects.Distinct().Count());
        Assert.All(subjects, s => Assert.Contains(number, s));
        Assert.All(afterwards, e => Assert.DoesNotContain(mailbox, e.LastError ?? "", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task DeliverAsync(KepOfficeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EmailJobs>().DeliverAsync(CancellationToken.None);
    }

    private static async Task<List<OutboxEmail>> OutboxAsync(KepOfficeApp app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<OutboxEmail>().AsNoTracking()
            .Where(e => e.Correlation == number).ToListAsync();
    }
}
