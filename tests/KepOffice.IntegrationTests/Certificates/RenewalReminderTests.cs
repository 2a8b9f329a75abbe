using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Templates;
using KepOffice.IntegrationTests.Support;
using static KepOffice.IntegrationTests.Certificates.TestCertificates;

namespace KepOffice.IntegrationTests.Certificates;

[Collection(LifecycleCollection.Name)]
public sealed class RenewalReminderTests(LifecycleApps apps)
{
    [Theory, BothProviders]
    public async Task Each_threshold_sends_one_reminder_however_often_the_job_runs(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var certificate = await AddAsync(app.Services, clock.GetUtcNow().AddDays(61), $"holder.{Guid.NewGuid():N}@example.test");

        await RunRemindersAsync(app.Services);
        var before60 = await EmailsAsync(app.Services, certificate);
        var keys = new List<string>();
        foreach (var daysLeft in new[] { 60, 30, 14, 3 })
        {
            // A minute past the moment the threshold is reached.
            clock.SetUtcNow(certificate.NotAfterUtc.AddDays(-daysLeft).AddMinutes(1));
            await RunRemindersAsync(app.Services);
            await RunRemindersAsync(app.Services);
            keys = (await EmailsAsync(app.Services, certificate)).Select(e => e.DedupeKey!).ToList();
            Assert.Equal(RenewalThresholdsUpTo(certificate, daysLeft), keys);
        }

        clock.SetUtcNow(certificate.NotAfterUtc.AddHours(-1));
        await RunRemindersAsync(app.Services);
        var emails = await EmailsAsync(app.Services, certificate);
        var reminders = await RemindersAsync(app.Services, certificate);

        Assert.Empty(before60);
        Assert.Equal(4, emails.Count);
        Assert.All(emails, e => Assert.Equal(EmailTemplateIds.RenewalReminder, e.TemplateId));
        Assert.All(emails, e => Assert.Equal(certificate.Email, e.Recipient));
        Assert.All(emails, e => Assert.Contains(certificate.SerialHex, e.TextBody));
        Assert.All(emails, e => Assert.Contains($"https://uc.example.test/renewal/{certificate.SerialHex}", e.TextBody));
        Assert.Contains("Здравствуйте, Пётр Петрович!", emails[0].TextBody);
        Assert.Equal([60, 30, 14, 3], reminders.Select(r => r.ThresholdDays));
        Assert.All(reminders, r => Assert.Equal(RenewalDeadline.CertificateValidity, r.Deadline));
        Assert.All(reminders, r => Assert.NotNull(r.EmailId));
    }

    [Theory, BothProviders]
    public async Task A_late_run_sends_only_the_most_urgent_due_reminder(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var certificate = await AddAsync(app.Services, clock.GetUtcNow().AddDays(10).AddHours(1), $"late.{Guid.NewGuid():N}@example.test");

        await RunRemindersAsync(app.Services);
        await RunRemindersAsync(app.Services);
        var first = await EmailsAsync(app.Services, certificate);
        clock.Advance(TimeSpan.FromDays(5));
        await RunRemindersAsync(app.Services);
        var afterFiveDays = await EmailsAsync(app.Services, certificate);
        clock.Advance(TimeSpan.FromDays(3));
        await RunRemindersAsync(app.Services);
        var emails = await EmailsAsync(app.Services, certificate);

        var only = Assert.Single(first);
        Assert.Equal($"renewal:{certificate.Id:N}:14", only.DedupeKey);
        Assert.Contains("дней", only.Subject);
        Assert.Single(afterFiveDays);
        Assert.Equal([$"renewal:{certificate.Id:N}:14", $"renewal:{certificate.Id:N}:3"], emails.Select(e => e.DedupeKey));
        Assert.Equal([14, 3], (await RemindersAsync(app.Services, certificate)).Select(r => r.ThresholdDays));
    }

    [Theory, BothProviders]
    public async Task Certificates_ending_at_the_same_instant_all_get_one_reminder_across_batches(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        // Batches hold 7 here: 20 certificates on one instant and 5 after it cross batch boundaries inside a tie.
        var instant = clock.GetUtcNow().AddDays(20);
        var certificates = new List<CertificateRecord>();
        for (var i = 0; i < 25; i++)
        {
            certificates.Add(await AddAsync(app.Services, i < 20 ? instant : instant.AddSeconds(i), $"tie{i}.{Guid.NewGuid():N}@example.test"));
        }

        // One run must reach them all: paging past a tie must not leave part of it for the next run.
        await RunRemindersAsync(app.Services);
        var afterOneRun = new List<int>();
        foreach (var certificate in certificates)
        {
            afterOneRun.Add((await EmailsAsync(app.Services, certificate)).Count);
        }

        await RunRemindersAsync(app.Services);

        Assert.All(afterOneRun, count => Assert.Equal(1, count));
        foreach (var certificate in certificates)
        {
            Assert.Equal($"renewal:{certificate.Id:N}:30", Assert.Single(await EmailsAsync(app.Services, certificate)).DedupeKey);
        }
    }

    [Theory, BothProviders]
    public async Task Revoked_superseded_expired_and_past_deadline_certificates_get_no_reminder(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var now = clock.GetUtcNow();
        var revoked = await AddAsync(app.Services, now.AddDays(10), "revoked@example.test", CertificateStatus.Revoked);
        var superseded = await AddAsync(app.Services, now.AddDays(10), "renewed@example.test", CertificateStatus.Superseded);
        var expired = await AddAsync(app.Services, now.AddDays(10), "expired@example.test", CertificateStatus.Expired);
        // Still "Valid" in the register, but the expiry job has not reached it yet.
        var pastNotAfter = await AddAsync(app.Services, now.AddHours(-1), "past@example.test");
        var valid = await AddAsync(app.Services, now.AddDays(10), "valid@example.test");

        await RunRemindersAsync(app.Services);

        foreach (var certificate in new[] { revoked, superseded, expired, pastNotAfter })
        {
            Assert.Empty(await EmailsAsync(app.Services, certificate));
            Assert.Empty(await RemindersAsync(app.Services, certificate));
        }

        Assert.Single(await EmailsAsync(app.Services, valid));
    }

    [Theory, BothProviders]
    public async Task The_private_key_period_ending_first_is_the_deadline_of_the_reminder(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var now = clock.GetUtcNow();
        var certificate = await AddAsync(app.Services, now.AddDays(200), $"key.{Guid.NewGuid():N}@example.test", keyNotAfter: now.AddDays(25));

        await RunRemindersAsync(app.Services);
        var email = Assert.Single(await EmailsAsync(app.Services, certificate));
        var reminder = Assert.Single(await RemindersAsync(app.Services, certificate));

        Assert.Equal(30, reminder.ThresholdDays);
        Assert.Equal(RenewalDeadline.PrivateKeyUsagePeriod, reminder.Deadline);
        Assert.Contains("срок действия ключа электронной подписи", email.TextBody);
    }

    [Theory, BothProviders]
    public async Task A_certificate_without_a_usable_address_is_recorded_once_and_its_address_never_logged(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var badAddress = $"no-at-sign-{Guid.NewGuid():N}";
        var goodAddress = $"logged.{Guid.NewGuid():N}@example.test";
        var withoutAddress = await AddAsync(app.Services, clock.GetUtcNow().AddDays(2), badAddress);
        var withAddress = await AddAsync(app.Services, clock.GetUtcNow().AddDays(2), goodAddress);

        var first = await RunRemindersAsync(app.Services);
        var second = await RunRemindersAsync(app.Services);
        await DeliverAndReadMaildevAsync(app.Services, goodAddress, 1);

        Assert.True(first.WithoutAddress >= 1);
        Assert.Equal(0, second.WithoutAddress);
        Assert.Empty(await EmailsAsync(app.Services, withoutAddress));
        Assert.Null(Assert.Single(await RemindersAsync(app.Services, withoutAddress)).EmailId);
        Assert.Single(await EmailsAsync(app.Services, withAddress));
        Assert.Contains(apps.Logs.Lines, l => l.Contains(withoutAddress.Id.ToString()));
        Assert.DoesNotContain(apps.Logs.Lines, l => l.Contains(badAddress) || l.Contains(goodAddress));
    }

    [Theory, BothProviders]
    public async Task The_reminder_reaches_the_real_smtp_server(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var address = $"smtp.{Guid.NewGuid():N}@example.test";
        MoveToNextMoscowNoon(clock);
        var certificate = await AddAsync(app.Services, clock.GetUtcNow().AddDays(14).AddHours(-2), address);

        await RunRemindersAsync(app.Services);
        var arrived = await DeliverAndReadMaildevAsync(app.Services, address, 1);

        var message = Assert.Single(arrived);
        // 13 days 22 hours, but the end date printed is 14 calendar days away in Moscow, and the subject counts those.
        Assert.Equal("Через 14 дней заканчивается срок действия сертификата", message.GetProperty("subject").GetString());
        Assert.Contains(certificate.SerialHex, message.GetProperty("text").GetString());
        Assert.Contains("Продлить сертификат", message.GetProperty("html").GetString());
    }

    [Fact]
    public void Bad_reminder_settings_stop_start_up_with_the_setting_named()
    {
        using var app = new KepOfficeApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["KepOffice:Lifecycle:ReminderDays:0"] = "30",
            ["KepOffice:Lifecycle:ReminderDays:1"] = "0",
            ["KepOffice:Lifecycle:RenewalUrl"] = "renewal/{serial}",
        });

        var error = Record.Exception(() => app.Server);

        Assert.NotNull(error);
        Assert.Contains("KepOffice:Lifecycle:ReminderDays: каждый срок — целое число дней от 1 до 366.", error.ToString());
        Assert.Contains("KepOffice:Lifecycle:RenewalUrl", error.ToString());
    }

    private static List<string> RenewalThresholdsUpTo(CertificateRecord certificate, int daysLeft) =>
        LifecycleOptions.DefaultReminderDays.Where(d => d >= daysLeft).Select(d => $"renewal:{certificate.Id:N}:{d}").ToList();
}
