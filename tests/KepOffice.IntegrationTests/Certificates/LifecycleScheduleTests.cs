using Hangfire;
using Hangfire.Storage;
using KepOffice.Core.Data;
using KepOffice.Core.Jobs;
using KepOffice.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Certificates;

[Collection(SharedAppsCollection.Name)]
public sealed class LifecycleScheduleTests(SharedApps apps)
{
    [Theory, BothProviders]
    public void Reminder_and_expiry_jobs_are_scheduled_with_their_default_cron(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();

        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);

        Assert.Equal("23 * * * *", jobs["renewal-reminders"].Cron);
        Assert.Equal(nameof(CertificateLifecycleJobs.SendRenewalRemindersAsync), jobs["renewal-reminders"].Job.Method.Name);
        Assert.Equal("* * * * *", jobs["certificate-expiry"].Cron);
        Assert.Equal(nameof(CertificateLifecycleJobs.ExpireCertificatesAsync), jobs["certificate-expiry"].Job.Method.Name);
        Assert.Equal("*/5 * * * *", jobs["revocation-deadline"].Cron);
        Assert.Equal(nameof(CertificateLifecycleJobs.AlarmRevocationDeadlinesAsync), jobs["revocation-deadline"].Job.Method.Name);
    }
}
