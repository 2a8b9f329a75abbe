using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Bulk;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using KepOffice.Pki.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Certificates;

/// <summary>
/// Bulk revocation of every certificate of an issuing CA. It revokes the whole register of that CA, so each test has an
/// application (and database) of its own rather than the shared one.
/// </summary>
public sealed class BulkRevocationTests
{
    private const int Certificates = 300;

    [Theory, BothProviders]
    public async Task Three_hundred_certificates_are_revoked_in_batches_the_CRL_lists_them_and_running_again_changes_nothing(DatabaseProvider provider)
    {
        using var app = new KepOfficeApp(provider, new Dictionary<string, string?>
        {
            ["KepOffice:Lifecycle:BulkRevocationBatchSize"] = "40",
            ["KepOffice:Lifecycle:BulkRevocationCrlEveryBatches"] = "3",
        });
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var caId = await ActiveCaAsync(app);
        var serials = await SeedAsync(app, caId, Certificates);
        var otherCa = (await SeedAsync(app, "other-ca", 1)).Single();
        // Every tenth holder left an address; one of them an unusable one.
        var withAddress = serials.Where((_, i) => i % 10 == 0).ToList();
        await SetEmailsAsync(app, withAddress.Select((serial, i) => (serial, i == 0 ? "не адрес" : $"holder{i}@example.test")));
        var valid = new { caId, reason = "CACompromise", comment = "компрометация ключа выпускающего УЦ (акт № 7)", confirmation = caId };

        var byOperator = await operatorClient.PostAsJsonAsync("/api/certificates/bulk-revocations", valid);
        var noCa = await manager.PostAsJsonAsync("/api/certificates/bulk-revocations", valid with { caId = "" });
        var unknownCa = await manager.PostAsJsonAsync("/api/certificates/bulk-revocations", valid with { caId = "no-such-ca", confirmation = "no-such-ca" });
        var hold = await manager.PostAsJsonAsync("/api/certificates/bulk-revocations", valid with { reason = "CertificateHold" });
        var noComment = await manager.PostAsJsonAsync("/api/certificates/bulk-revocations", valid with { comment = " " });
        var notConfirmed = await manager.PostAsJsonAsync("/api/certificates/bulk-revocations", valid with { confirmation = "да" });
        var untouched = await CountAsync(app, caId, CertificateStatus.Valid);

        var started = await manager.PostAsJsonAsync("/api/certificates/bulk-revocations", valid);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var progress = await WaitUntilCompletedAsync(manager, id);
        var crlNumber = await CrlNumberAsync(app, caId);
        var crl = await OpenSslCrlAsync(app, caId);
        var listed = crl.Split('\n').Where(l => l.Contains("Serial Number:", StringComparison.Ordinal))
            .Select(l => l.Split(':')[1].Trim().ToUpperInvariant()).ToHashSet();
        var revokedAudit = await AuditCountAsync(app, id);
        var notices = await RevocationNoticesAsync(app);

        BulkRevocation? rerun;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            rerun = await scope.ServiceProvider.GetRequiredService<BulkRevocations>().RunAsync(id, CancellationToken.None);
        }

        var again = await manager.PostAsJsonAsync("/api/certificates/bulk-revocations", valid);

        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        await AssertFieldAsync(noCa, "caId");
        await AssertFieldAsync(unknownCa, "caId");
        await AssertFieldAsync(hold, "reason");
        await AssertFieldAsync(noComment, "comment");
        await AssertFieldAsync(notConfirmed, "confirmation");
        Assert.Equal(Certificates, untouched);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        Assert.Equal(Certificates, progress.GetProperty("total").GetInt32());
        Assert.Equal(Certificates, progress.GetProperty("revoked").GetInt32());
        Assert.Equal(8, progress.GetProperty("batches").GetInt32());
        // After batches 3 and 6, and at the end.
        Assert.Equal(3, progress.GetProperty("crlsPublished").GetInt32());
        Assert.Equal(crlNumber, progress.GetProperty("lastCrlNumber").GetInt64());
        Assert.Equal(0, await CountAsync(app, caId, CertificateStatus.Valid));
        Assert.Equal(Certificates, await CountAsync(app, caId, CertificateStatus.Revoked));
        Assert.Equal(CertificateStatus.Valid, (await RecordAsync(app, otherCa)).Status);
        var sample = await RecordAsync(app, serials[123]);
        Assert.Equal(RevocationReason.CACompromise, sample.RevocationReason);
        Assert.Equal(valid.comment, sample.RevocationComment);
        Assert.All(serials, s => Assert.Contains(s, listed));
        Assert.Contains("CA Compromise", crl);
        Assert.Equal(Certificates, revokedAudit);
        Assert.Equal(withAddress.Skip(1).Select(s => "certificate:" + s).Order(StringComparer.Ordinal), notices);

        Assert.Equal(progress.GetProperty("crlsPublished").GetInt32(), rerun!.CrlsPublished);
        Assert.Equal(Certificates, rerun.Revoked);
        Assert.Equal(crlNumber, await CrlNumberAsync(app, caId));
        Assert.Equal(Certificates, await AuditCountAsync(app, id));
        Assert.Equal(notices, await RevocationNoticesAsync(app));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static async Task<JsonElement> WaitUntilCompletedAsync(HttpClient manager, Guid id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var progress = await manager.GetFromJsonAsync<JsonElement>($"/api/certificates/bulk-revocations/{id}");
            if (progress.GetProperty("status").GetString() == "Completed")
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the bulk revocation did not finish: {progress}");
            await Task.Delay(250);
        }
    }

    private static async Task<List<string>> SeedAsync(KepOfficeApp app, string caId, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var now = DateTime.UtcNow;
        var serials = new List<string>();
        for (var i = 0; i < count; i++)
        {
            // A first byte in 0x10..0x7F keeps the serial positive and without a leading zero, so openssl prints it as stored.
            var bytes = RandomNumberGenerator.GetBytes(16);
            bytes[0] = (byte)(0x10 + (bytes[0] % 0x70));
            var serial = Convert.ToHexString(bytes);
            serials.Add(serial);
            db.Add(new CertificateRecord
            {
                Id = Guid.NewGuid(), CaId = caId, SerialHex = serial, HolderName = "Петров Пётр Петрович", Snils = "11223344595",
                NotBeforeUtc = now.AddDays(-10), NotAfterUtc = now.AddMonths(12), PrivateKeyNotAfterUtc = now.AddMonths(12), Status = CertificateStatus.Valid,
                PublicKeyFingerprint = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), ThumbprintSha1 = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
                Der = [0x30, 0x00], IssuedUtc = now.AddDays(-10),
            });
        }

        await db.SaveChangesAsync();
        return serials;
    }

    private static async Task SetEmailsAsync(KepOfficeApp app, IEnumerable<(string Serial, string Email)> emails)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        foreach (var (serial, email) in emails)
        {
            var record = await db.Set<CertificateRecord>().SingleAsync(c => c.SerialHex == serial);
            record.Email = email;
            record.Version++;
        }

        await db.SaveChangesAsync();
    }

    /// <summary>The correlations of the queued "certificate revoked" e-mails, sorted; each says the CA decided it.</summary>
    private static async Task<List<string>> RevocationNoticesAsync(KepOfficeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var notices = await db.Set<KepOffice.Core.Email.Outbox.OutboxEmail>().AsNoTracking()
            .Where(e => e.TemplateId == KepOffice.Core.Email.Templates.EmailTemplateIds.CertificateRevoked)
            .Select(e => new { e.Correlation, e.TextBody }).ToListAsync();
        Assert.All(notices, n => Assert.Contains("по решению удостоверяющего центра", n.TextBody));
        return notices.Select(n => n.Correlation!).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<string> ActiveCaAsync(KepOfficeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CertificateAuthorityStore>().GetActiveIssuingAsync(CancellationToken.None))!.Id;
    }

    private static async Task<int> CountAsync(KepOfficeApp app, string caId, CertificateStatus status)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().CountAsync(c => c.CaId == caId && c.Status == status);
    }

    private static async Task<long> CrlNumberAsync(KepOfficeApp app, string caId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CaRecord>().AsNoTracking().SingleAsync(c => c.Id == caId)).CrlNumber;
    }

    private static async Task<int> AuditCountAsync(KepOfficeApp app, Guid bulkId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var marker = $"массовый отзыв {bulkId}";
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<AuditEvent>()
            .CountAsync(e => e.Action == AuditActions.CertificateRevoked && e.Detail!.Contains(marker));
    }

    private static async Task<CertificateRecord> RecordAsync(KepOfficeApp app, string serial)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.SerialHex == serial);
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {response.StatusCode} {text}");
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }

    private static async Task<string> OpenSslCrlAsync(KepOfficeApp app, string caId)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("kepoffice-bulk-").FullName, "ca.crl");
        await File.WriteAllBytesAsync(file, await app.CreateApiClient().GetByteArrayAsync($"/cdp/{caId}.crl"));
        var text = await OpenSsl.RunAsync("crl", "-inform", "DER", "-in", file, "-noout", "-text");
        Assert.True(text.ExitCode == 0, text.Output);
        return text.Output;
    }
}
