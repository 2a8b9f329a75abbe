using KepOffice.Core.Applications;

namespace KepOffice.Web.Api;

/// <summary>Reading uploaded files of multipart requests, with the scan fields the intake API accepts.</summary>
internal static class FormFiles
{
    private static readonly (string Field, DocumentKind Kind)[] ScanFields =
    [
        ("passportMainScan", DocumentKind.PassportMain),
        ("passportRegistrationScan", DocumentKind.PassportRegistration),
        ("snilsScan", DocumentKind.Snils),
        ("otherScan", DocumentKind.Other),
    ];

    /// <summary>
    /// Reads a multipart form: a request of another content type answers 415, a form over <paramref name="maxBytes"/> 413, and a
    /// malformed or truncated multipart body (no boundary, a part cut short) 400, instead of an I/O error surfacing as a 500.
    /// </summary>
    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new BadHttpRequestException("Expected multipart/form-data", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > maxBytes)
        {
            throw new BadHttpRequestException("Request too large", StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            return await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxBytes }, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && ex is not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            throw new BadHttpRequestException("Malformed form", StatusCodes.Status400BadRequest, ex);
        }
    }

    /// <summary>A file over the limit is not kept: a buffer one byte too long lets validation name it as too large.</summary>
    public static async Task<byte[]> ReadAsync(IFormFile file, long limit, CancellationToken ct)
    {
        if (file.Length > limit)
        {
            return new byte[limit + 1];
        }

        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    public static async Task<List<UploadedScan>> ReadScansAsync(IFormCollection form, long limit, CancellationToken ct)
    {
        var scans = new List<UploadedScan>();
        foreach (var (field, kind) in ScanFields)
        {
            foreach (var file in form.Files.GetFiles(field))
            {
                scans.Add(new UploadedScan(kind, file.FileName, await ReadAsync(file, limit, ct)));
            }
        }

        return scans;
    }
}
