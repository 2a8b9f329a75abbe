using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Email.Templates;
using KepOffice.IntegrationTests.Support;
using static KepOffice.IntegrationTests.Certificates.TestCertificates;

namespace KepOffice.IntegrationTests.Certificates;

[Collection(LifecycleCollection.Name)]
public sealed class CertificateExpiryTests(LifecycleApps apps)
{
    [Theory, BothProviders]
    public async Task A_certificate_expires_right_after_not_after_and_the_holder_is_told_once(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var address = $"expiry.{Guid.NewGuid():N}@example.test";
        var notAfter = clock.GetUtcNow().AddHours(1);
        var certificate = await AddAsync(app.Services, notAfter, address);

        clock.SetUtcNow(notAfter);
        await RunExpiryAsync(app.Services);
        var atNotAfter = await ReloadAsync(app.Services, certificate);
        clock.Advance(TimeSpan.FromSeconds(1));
        await RunExpiryAsync(app.Services);
        await RunExpiryAsync(app.Services);
        var after = await ReloadAsync(app.Services, certificate);
        clock.Advance(TimeSpan.FromDays(1));
        await RunExpiryAsync(app.Services);
        await RunRemindersAsync(app.Services);
        var emails = await EmailsAsync(app.Services, certificate);
        var arrived = await DeliverAndReadMaildevAsync(app.Services, address, 1);

        Assert.Equal(CertificateStatus.Valid, atNotAfter.Status);
        Assert.Equal(CertificateStatus.Expired, after.Status);
        Assert.Equal(certificate.Version + 1, after.Version);
        Assert.Equal(certificate.Der, after.Der);
        var email = Assert.Single(emails);
        Assert.Equal(EmailTemplateIds.CertificateExpired, email.TemplateId);
        Assert.Equal($"expired:{certificate.Id:N}", email.DedupeKey);
        var message = Assert.Single(arrived);
        Assert.Equal("Срок действия сертификата истёк", message.GetProperty("subject").GetString());
        Assert.Contains(certificate.SerialHex, message.GetProperty("text").GetString());
        Assert.Contains("https://uc.example.test/", message.GetProperty("text").GetString());
        Assert.DoesNotContain(apps.Logs.Lines, l => l.Contains(address));
    }

    [Theory, BothProviders]
    public async Task Revoked_and_superseded_certificates_keep_their_status_and_get_no_expiry_mail(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var notAfter = clock.GetUtcNow().AddMinutes(5);
        var revoked = await AddAsync(app.Services, notAfter, "revoked@example.test", CertificateStatus.Revoked);
        var superseded = await AddAsync(app.Services, notAfter, "renewed@example.test", CertificateStatus.Superseded);
        var valid = await AddAsync(app.Services, notAfter, "valid@example.test");

        clock.Advance(TimeSpan.FromMinutes(10));
        await RunExpiryAsync(app.Services);

        Assert.Equal(CertificateStatus.Revoked, (await ReloadAsync(app.Services, revoked)).Status);
        Assert.Equal(CertificateStatus.Superseded, (await ReloadAsync(app.Services, superseded)).Status);
        Assert.Equal(CertificateStatus.Expired, (await ReloadAsync(app.Services, valid)).Status);
        Assert.Empty(await EmailsAsync(app.Services, revoked));
        Assert.Empty(await EmailsAsync(app.Services, superseded));
        Assert.Single(await EmailsAsync(app.Services, valid));
    }

    [Theory, BothProviders]
    public async Task Many_expired_certificates_are_handled_in_batches(DatabaseProvider provider)
    {
        var (app, clock) = apps.For(provider);
        var notAfter = clock.GetUtcNow().AddMinutes(1);
        var certificates = new List<CertificateRecord>();
        for (var i = 0; i < 30; i++)
        {
            certificates.Add(await AddAsync(app.Services, notAfter.AddSeconds(i), $"batch{i}.{Guid.NewGuid():N}@example.test"));
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        var result = await RunExpiryAsync(app.Services);

        Assert.True(result.Expired >= 30);
        foreach (var certificate in certificates)
        {
            Assert.Equal(CertificateStatus.Expired, (await ReloadAsync(app.Services, certificate)).Status);
            Assert.Single(await EmailsAsync(app.Services, certificate));
        }
    }
}
