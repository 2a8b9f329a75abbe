using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Features.Users;
using KepOffice.Core.Jobs;
using KepOffice.Workflows;
using KepOffice.Workflows.Runtime;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.IntegrationTests.Certificates.TestCertificates;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Certificates;

/// <summary>kep-revocation after the decision: the holder's message and the 12-hour deadline, on a clock the tests move.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class RevocationLifecycleTests(LifecycleApps apps)
{
    [Theory, BothProviders]
    public async Task The_holder_is_emailed_once_when_the_workflow_revokes_and_not_when_it_was_revoked_meanwhile(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var holder = $"holder.{Guid.NewGuid():N}@example.test";
        var other = $"holder.{Guid.NewGuid():N}@example.test";
        var certificate = await AddAsync(app.Services, clock.GetUtcNow().AddMonths(6), holder, holder: "Сидоров Сидор Сидорович");
        var revokedMeanwhile = await AddAsync(app.Services, clock.GetUtcNow().AddMonths(6), other);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);

        var first = await RequestAsync(operatorClient, certificate.SerialHex, "KeyCompromise");
        var second = await RequestAsync(operatorClient, revokedMeanwhile.SerialHex, "AffiliationChanged");
        await ApproveOnlyTaskAsync(manager, first);
        (await manager.PostAsJsonAsync($"/api/certificates/{revokedMeanwhile.SerialHex}/revoke", new { reason = "Superseded" })).EnsureSuccessStatusCode();
        await ApproveOnlyTaskAsync(manager, second);
        var outbox = await EmailsAsync(app.Services, certificate);
        var arrived = await DeliverAndReadMaildevAsync(app.Services, holder, 1);
        var again = await DeliverAndReadMaildevAsync(app.Services, holder, 2);
        var toOther = await DeliverAndReadMaildevAsync(app.Services, other, 0);
        var revoked = await ReloadAsync(app.Services, certificate);
        var firstInstance = await InstanceAsync(manager, first);
        var secondInstance = await InstanceAsync(manager, second);

        Assert.Equal(CertificateStatus.Revoked, revoked.Status);
        var email = Assert.Single(outbox);
        Assert.Equal(EmailTemplateIds.CertificateRevoked, email.TemplateId);
        Assert.Equal($"revoked:{certificate.Id:N}", email.DedupeKey);
        var message = Assert.Single(arrived);
        Assert.Single(again);
        Assert.Equal($"Сертификат № {certificate.SerialHex} отозван", message.GetProperty("subject").GetString());
        var text = message.GetProperty("text").GetString()!;
        var html = message.GetProperty("html").GetString()!;
        Assert.Contains("Здравствуйте, Сидор Сидорович!", text);
        Assert.Contains("компрометация ключа", text);
        Assert.Contains(certificate.SerialHex, html);
        Assert.Contains("<html lang=\"ru\">", html);
        Assert.Empty(toOther);
        Assert.Empty(await EmailsAsync(app.Services, revokedMeanwhile));
        Assert.Equal("Finished", firstInstance.GetProperty("summary").GetProperty("status").GetString());
        Assert.Contains(firstInstance.GetProperty("journal").EnumerateArray(), j => j.GetProperty("activityId").GetString() == "mail-revoked");
        Assert.Equal("Finished", secondInstance.GetProperty("summary").GetProperty("status").GetString());
        Assert.DoesNotContain(secondInstance.GetProperty("journal").EnumerateArray(), j => j.GetProperty("activityId").GetString() == "mail-revoked");
        Assert.DoesNotContain(apps.Logs.Lines, l => l.Contains(holder) || l.Contains("Сидоров"));
    }

    [Theory, BothProviders]
    public async Task Managers_are_alarmed_once_ten_hours_after_a_request_still_open_and_not_for_requests_already_done(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var mailbox = await GiveManagerAMailboxAsync(app);
        var open = await AddAsync(app.Services, clock.GetUtcNow().AddMonths(6), null);
        var approved = await AddAsync(app.Services, clock.GetUtcNow().AddMonths(6), null);
        var declined = await AddAsync(app.Services, clock.GetUtcNow().AddMonths(6), null);
        var requestedAt = clock.GetUtcNow();
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        await RequestAsync(operatorClient, open.SerialHex, "KeyCompromise");
        var approvedRequest = await RequestAsync(operatorClient, approved.SerialHex, "KeyCompromise");
        var declinedRequest = await RequestAsync(operatorClient, declined.SerialHex, "KeyCompromise");

        clock.Advance(TimeSpan.FromHours(1));
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        await ApproveOnlyTaskAsync(manager, approvedRequest);
        await CompleteOnlyTaskAsync(manager, declinedRequest, "Decline");

        clock.SetUtcNow(requestedAt.AddHours(10).AddMinutes(-1));
        var early = await RunAlarmAsync(app.Services);
        var beforeAlarm = await EmailsAsync(app.Services, open);
        clock.SetUtcNow(requestedAt.AddHours(10));
        await RunAlarmAsync(app.Services);
        await RunAlarmAsync(app.Services);
        clock.Advance(TimeSpan.FromHours(1));
        await RunAlarmAsync(app.Services);
        var alarms = await EmailsAsync(app.Services, open);
        var arrived = (await DeliverAndReadMaildevAsync(app.Services, mailbox, 1))
            .Where(m => m.GetProperty("subject").GetString()!.StartsWith("Срок отзыва", StringComparison.Ordinal)).ToList();

        Assert.Equal(0, early.Queued);
        Assert.Empty(beforeAlarm);
        // Other tests on this app may add managers: each active manager gets one alarm, ours among them.
        Assert.NotEmpty(alarms);
        Assert.All(alarms.GroupBy(a => a.Recipient), perManager => Assert.Single(perManager));
        var alarm = Assert.Single(alarms, a => a.Recipient == mailbox);
        Assert.Equal(EmailTemplateIds.StaffAlert, alarm.TemplateId);
        var message = Assert.Single(arrived, m => m.GetProperty("subject").GetString()!.Contains(open.SerialHex, StringComparison.Ordinal));
        Assert.Contains("12 часов", message.GetProperty("text").GetString());
        Assert.DoesNotContain(arrived, m => m.GetProperty("subject").GetString()!.Contains(approved.SerialHex, StringComparison.Ordinal)
            || m.GetProperty("subject").GetString()!.Contains(declined.SerialHex, StringComparison.Ordinal));
        Assert.DoesNotContain(await EmailsAsync(app.Services, approved), e => e.TemplateId == EmailTemplateIds.StaffAlert);
        Assert.DoesNotContain(await EmailsAsync(app.Services, declined), e => e.TemplateId == EmailTemplateIds.StaffAlert);
    }

    [Theory, BothProviders]
    public async Task At_ten_hours_a_manager_gets_the_deadline_alarm_and_not_also_the_escalation_of_the_approval_task(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var mailbox = await GiveManagerAMailboxAsync(app);
        var certificate = await AddAsync(app.Services, clock.GetUtcNow().AddMonths(6), null);
        var requestedAt = clock.GetUtcNow();
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var request = await RequestAsync(operatorClient, certificate.SerialHex, "KeyCompromise");
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var approval = Assert.Single(await OpenTasksAsync(manager, request));

        // Both jobs run every few minutes: the first runs after the task fell due at 10 hours.
        clock.SetUtcNow(requestedAt.AddHours(10).AddMinutes(1));
        var escalated = await EscalateAsync(app.Services);
        await RunAlarmAsync(app.Services);
        await EscalateAsync(app.Services);
        var toOurManager = await MessagesAboutAsync(app.Services, mailbox, certificate.SerialHex);

        // The approval task (due in 10 hours, escalated to managers) did fall due: it is marked escalated, without a message.
        Assert.Contains(escalated, t => t.TaskId == approval.GetProperty("id").GetGuid());
        var alarm = Assert.Single(toOurManager);
        Assert.StartsWith("Срок отзыва сертификата истекает", alarm.Subject, StringComparison.Ordinal);
        Assert.Equal(RevocationDeadlineAlarm.DedupeKey(request, (await ManagerIdAsync(app))), alarm.DedupeKey);
    }

    [Theory, BothProviders]
    public async Task An_escalated_revocation_task_names_the_certificate_not_an_application(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var mailbox = await GiveManagerAMailboxAsync(app);
        var certificate = await AddAsync(app.Services, clock.GetUtcNow().AddMonths(6), null);
        var requestedAt = clock.GetUtcNow();
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var request = await RequestAsync(operatorClient, certificate.SerialHex, "KeyCompromise");
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var task = Assert.Single(await OpenTasksAsync(manager, request));

        // A revocation task that falls due before the deadline alarm (as the holder-confirmation task does, at 8 hours) is
        // escalated by its own message; the correlation is the serial as the request stored it (lower case here).
        clock.SetUtcNow(requestedAt.AddHours(8));
        int queued;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            queued = await scope.ServiceProvider.GetRequiredService<TaskEscalationMail>().SendAsync(
                [new EscalatedHumanTask(task.GetProperty("id").GetGuid(), request, RevocationDeadlineAlarm.WorkflowId, "confirm-holder",
                    certificate.SerialHex.ToLowerInvariant(), task.GetProperty("title").GetString()!, "Manager", requestedAt.AddHours(8))],
                CancellationToken.None);
        }

        var email = Assert.Single(await MessagesAboutAsync(app.Services, mailbox, certificate.SerialHex));
        var arrived = Assert.Single(await DeliverAndReadMaildevAsync(app.Services, mailbox, 1));
        var text = arrived.GetProperty("text").GetString()!;

        Assert.True(queued >= 1);
        Assert.Equal($"Эскалация: «{task.GetProperty("title").GetString()}» (сертификат № {certificate.SerialHex})", email.Subject);
        Assert.Equal(email.Subject, arrived.GetProperty("subject").GetString());
        Assert.Contains($"Сертификат: № {certificate.SerialHex}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("аявлени", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Заявление", text, StringComparison.Ordinal);
        Assert.Equal($"certificate:{certificate.SerialHex}", email.Correlation);
    }

    private static async Task<Guid> RequestAsync(HttpClient client, string serial, string reason)
    {
        var response = await client.PostAsJsonAsync($"/api/certificates/{serial}/revocation-requests", new { reason });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetGuid();
    }

    private static Task ApproveOnlyTaskAsync(HttpClient manager, Guid instance) => CompleteOnlyTaskAsync(manager, instance, "Approve");

    private static async Task CompleteOnlyTaskAsync(HttpClient manager, Guid instance, string outcome)
    {
        var task = Assert.Single(await OpenTasksAsync(manager, instance));
        var completed = await CompleteAsync(manager, task.GetProperty("id").GetGuid(), outcome);
        Assert.True(completed.IsSuccessStatusCode, await completed.Content.ReadAsStringAsync());
    }

    private static async Task<string> GiveManagerAMailboxAsync(KepOfficeApp app)
    {
        var admin = await app.CreateAdminClientAsync();
        var users = await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users");
        var managerId = users!.Single(u => u.Login == "manager").Id;
        var mailbox = $"manager.{Guid.NewGuid():N}@example.test";
        (await admin.PutAsJsonAsync($"/api/admin/users/{managerId}", new { email = mailbox })).EnsureSuccessStatusCode();
        return mailbox;
    }

    private static async Task<IReadOnlyList<EscalatedHumanTask>> EscalateAsync(IServiceProvider services)
    {
        // What the task-escalation job does, with the escalated tasks kept for the test to look at.
        await using var scope = services.CreateAsyncScope();
        var escalated = await scope.ServiceProvider.GetRequiredService<WorkflowMaintenance>().EscalateOverdueTasksAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<TaskEscalationMail>().SendAsync(escalated, CancellationToken.None);
        return escalated;
    }

    /// <summary>Every queued message to the mailbox that mentions the serial, whatever its correlation.</summary>
    private static async Task<List<OutboxEmail>> MessagesAboutAsync(IServiceProvider services, string mailbox, string serial)
    {
        await using var scope = services.CreateAsyncScope();
        var all = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<OutboxEmail>().AsNoTracking().ToListAsync();
        return all.Where(e => e.Recipient == mailbox && (e.Subject + e.TextBody).Contains(serial, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static async Task<string> ManagerIdAsync(KepOfficeApp app)
    {
        var admin = await app.CreateAdminClientAsync();
        var users = await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users");
        return users!.Single(u => u.Login == "manager").Id;
    }

    private static async Task<RevocationAlarmRunResult> RunAlarmAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RevocationDeadlineAlarm>().AlarmAsync(CancellationToken.None);
    }
}
