using KepOffice.Core.Certificates;
using KepOffice.Web.Hosting;
using Microsoft.Extensions.Options;

namespace KepOffice.Web.Api;

public sealed record CaInfo(string Id, string Role, string Name, string SerialNumber, DateTime NotBefore, DateTime NotAfter,
    bool IsActive, bool IsDemo, string CertificateUrl, string CrlUrl, long CrlNumber, DateTime? CrlNextUpdate);

/// <summary>What relying parties fetch without logging in: CA certificates (AIA), CRLs (CDP) and the list of CAs.</summary>
public static class PkiApi
{
    public static IEndpointRouteBuilder MapPkiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cdp/{caId}.crl", async (string caId, CertificateAuthorityStore authorities, CrlPublisher crls, CancellationToken ct) =>
            {
                if (await authorities.FindAsync(caId, ct) is null)
                {
                    return ApiProblems.NotFound("Удостоверяющий центр с таким идентификатором не найден.");
                }

                return Results.File(await crls.GetCurrentAsync(caId, ct), "application/pkix-crl", $"{caId}.crl");
            })
            .AllowAnonymous()
            .WithTags("УЦ")
            .WithSummary("Список отозванных сертификатов (CRL, DER).");
        app.MapGet("/aia/{caId}.cer", async (string caId, CertificateAuthorityStore authorities, CancellationToken ct) =>
                await authorities.FindAsync(caId, ct) is { } ca
                    ? Results.File(ca.CertificateDer, "application/pkix-cert", $"{caId}.cer")
                    : ApiProblems.NotFound("Удостоверяющий центр с таким идентификатором не найден."))
            .AllowAnonymous()
            .WithTags("УЦ")
            .WithSummary("Сертификат УЦ (DER).");
        app.MapGet("/api/ca", async (CertificateAuthorityStore authorities, IOptions<PkiHostOptions> options, CancellationToken ct) =>
                (await authorities.ListAsync(ct)).Select(c => new CaInfo(c.Id, c.Role.ToString(), c.DisplayName, c.SerialHex,
                    c.NotBeforeUtc, c.NotAfterUtc, c.IsActive, c.IsDemo, options.Value.AiaUrl(c.Id), options.Value.CdpUrl(c.Id), c.CrlNumber, c.CrlNextUpdateUtc)))
            .AllowAnonymous()
            .WithTags("УЦ")
            .WithSummary("Удостоверяющие центры с адресами их сертификатов и CRL.");
        return app;
    }
}
