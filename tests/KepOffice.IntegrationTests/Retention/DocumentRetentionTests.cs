using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Core.Jobs;
using KepOffice.Core.Retention;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KepOffice.IntegrationTests.Retention;

public sealed class DocumentRetentionTests
{
    [Theory, BothProviders]
    public async Task Scans_past_retention_are_purged_unless_under_legal_hold_the_act_is_kept_and_a_rerun_changes_nothing(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new KepOfficeApp(provider,
            new Dictionary<string, string?>
            {
                ["KepOffice:Jobs:certificate-expiry:Cron"] = "off",
                ["KepOffice:Jobs:document-retention:Cron"] = "off",
                ["KepOffice:Retention:BatchSize"] = "2", // crosses batch boundaries
            },
            services => services.AddSingleton<TimeProvider>(clock));
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var admin = await app.CreateAdminClientAsync();
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);

        var expired = await NumberOfAsync(app, await IssuanceDriver.IssueCertificateAsync(app));
        var held = await NumberOfAsync(app, await IssuanceDriver.IssueCertificateAsync(app));
        var young = await NumberOfAsync(app, await IssuanceDriver.IssueCertificateAsync(app));
        var act = new MultipartFormDataContent { { new ByteArrayContent(IssuanceDriver.Pdf), "file", "act.pdf" } };
        (await operatorClient.PostAsync($"/api/applications/{expired}/signed-act", act)).EnsureSuccessStatusCode();

        // Legal hold: managers and administrators only, with a reason; a second hold is refused; nothing else changes.
        var byOperator = await operatorClient.PostAsJsonAsync($"/api/applications/{held}/legal-hold", new { reason = "запрос суда" });
        var noReason = await manager.PostAsJsonAsync($"/api/applications/{held}/legal-hold", new { reason = "  " });
        var tooLong = await manager.PostAsJsonAsync($"/api/applications/{held}/legal-hold", new { reason = new string('я', LegalHolds.MaxReasonLength + 1) });
        var unknown = await manager.PostAsJsonAsync("/api/applications/2000-999999/legal-hold", new { reason = "запрос суда" });
        var set = await manager.PostAsJsonAsync($"/api/applications/{held}/legal-hold", new { reason = "Запрос суда № 2-15/2026" });
        var twice = await admin.PostAsJsonAsync($"/api/applications/{held}/legal-hold", new { reason = "ещё раз" });
        var clearNotHeld = await admin.DeleteAsync($"/api/applications/{young}/legal-hold");

        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, clearNotHeld.StatusCode);
        var heldApplication = await ApplicationAsync(app, held);
        Assert.True(heldApplication.LegalHold);
        Assert.Equal(("Запрос суда № 2-15/2026", "manager"), (heldApplication.LegalHoldReason, heldApplication.LegalHoldBy));

        // The first two certificates end (one revoked now, one by its notAfter); the third is issued later and still young.
        var revoke = await manager.PostAsJsonAsync($"/api/certificates/{await SerialOfAsync(app, expired)}/revoke", new { reason = "KeyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
            var youngId = (await db.Set<Application>().SingleAsync(a => a.Number == young)).CertificateId;
            await db.Set<CertificateRecord>().Where(c => c.Id == youngId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NotAfterUtc, clock.GetUtcNow().UtcDateTime.AddYears(6)));
        }

        clock.Advance(TimeSpan.FromDays(365 * 5 + 30 * 16)); // past notAfter (15 months) + 5 years for the first two, not for the third
        operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword); // tokens of five years ago have expired
        admin = await app.CreateAdminClientAsync();
        var first = await RunJobAsync(app);
        var second = await RunJobAsync(app);

        var expiredDocs = await DocumentsAsync(app, expired);
        var heldDocs = await DocumentsAsync(app, held);
        var youngDocs = await DocumentsAsync(app, young);
        var purgeAudit = await AuditAsync(app, AuditActions.DocumentsPurged);
        var holdAudit = await AuditAsync(app, AuditActions.LegalHoldSet);
        var scanId = expiredDocs.First(d => d.Kind == DocumentKind.PassportMain).Id;
        var gone = await operatorClient.GetAsync($"/api/applications/{expired}/documents/{scanId}");

        Assert.Equal(new RetentionRunResult(3, 1), first);
        Assert.Equal(new RetentionRunResult(0, 0), second);
        Assert.All(expiredDocs.Where(d => d.Kind != DocumentKind.SignedAct), d => Assert.True(d.PurgedUtc is not null && d.Content.Length == 0));
        var keptAct = Assert.Single(expiredDocs, d => d.Kind == DocumentKind.SignedAct);
        Assert.Null(keptAct.PurgedUtc);
        Assert.Equal(IssuanceDriver.Pdf, keptAct.Content);
        Assert.All(heldDocs, d => Assert.True(d.PurgedUtc is null && d.Content.Length > 0));
        Assert.All(youngDocs, d => Assert.Null(d.PurgedUtc));
        var purgeRow = Assert.Single(purgeAudit);
        Assert.Equal((AuditActorKind.System, AuditObjects.Application, expired), (purgeRow.ActorKind, purgeRow.ObjectType, purgeRow.ObjectId));
        var holdRow = Assert.Single(holdAudit);
        Assert.Equal((held, "manager"), (holdRow.ObjectId, holdRow.ActorName));
        Assert.DoesNotContain("суда", holdRow.Detail ?? "");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);

        // The hold is cleared (audited): the next run purges the held application's scans too.
        var cleared = await admin.DeleteAsync($"/api/applications/{held}/legal-hold");
        var third = await RunJobAsync(app);
        var status = await app.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<AuditQueries>().VerifyAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(new RetentionRunResult(3, 1), third);
        Assert.Single(await AuditAsync(app, AuditActions.LegalHoldCleared));
        Assert.Equal(2, (await AuditAsync(app, AuditActions.DocumentsPurged)).Count);
        Assert.True(status.Intact, status.Problem);
    }

    private static async Task<RetentionRunResult> RunJobAsync(KepOfficeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionJobs>().PurgeExpiredDocumentsAsync(CancellationToken.None);
    }

    private static async Task<string> NumberOfAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking()
            .SingleAsync(c => c.SerialHex == serial)).ApplicationNumber!;
    }

    private static async Task<string> SerialOfAsync(KepOfficeApp app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking()
            .SingleAsync(c => c.ApplicationNumber == number)).SerialHex;
    }

    private static async Task<Application> ApplicationAsync(KepOfficeApp app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<Application>().AsNoTracking().SingleAsync(a => a.Number == number);
    }

    private static async Task<List<ApplicationDocument>> DocumentsAsync(KepOfficeApp app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var id = (await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Number == number)).Id;
        return await db.Set<ApplicationDocument>().AsNoTracking().Where(d => d.ApplicationId == id).ToListAsync();
    }

    private static async Task<List<AuditEvent>> AuditAsync(KepOfficeApp app, string action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>().AsNoTracking()
            .Where(e => e.Action == action).ToListAsync();
    }
}
