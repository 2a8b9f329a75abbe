using System.Security.Cryptography;

namespace KepOffice.Core.Applications;

/// <summary>Recognises scans by their content, never by the file name: only JPEG, PNG and PDF are accepted.</summary>
public static class ScanFiles
{
    public static string? DetectContentType(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "image/png";
        }

        if (head.Length >= 5 && head[..5].SequenceEqual("%PDF-"u8))
        {
            return "application/pdf";
        }

        return null;
    }

    public static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "application/pdf" => ".pdf",
        _ => ".bin",
    };

    /// <summary>The stored document for an uploaded scan, or the Russian error for its field.</summary>
    public static ApplicationDocument? ToDocument(UploadedScan scan, long maxBytes, DateTime uploadedUtc, out string? error)
    {
        error = null;
        if (scan.Content.Length == 0)
        {
            error = $"{DocumentTitles.Of(scan.Kind)}: файл пуст.";
            return null;
        }

        if (scan.Content.Length > maxBytes)
        {
            error = $"{DocumentTitles.Of(scan.Kind)}: файл больше {maxBytes / (1024 * 1024)} МБ.";
            return null;
        }

        var contentType = DetectContentType(scan.Content);
        if (contentType is null)
        {
            error = $"{DocumentTitles.Of(scan.Kind)}: допустимы только JPEG, PNG и PDF (тип определяется по содержимому файла).";
            return null;
        }

        return new ApplicationDocument
        {
            Id = Guid.NewGuid(),
            Kind = scan.Kind,
            ContentType = contentType,
            FileName = SafeFileName(scan.FileName, scan.Kind, contentType),
            Size = scan.Content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(scan.Content)),
            Content = scan.Content,
            UploadedUtc = uploadedUtc,
        };
    }

    private static string SafeFileName(string name, DocumentKind kind, string contentType)
    {
        var clean = Path.GetFileNameWithoutExtension(name ?? "");
        clean = new string(clean.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ').Take(80).ToArray()).Trim();
        return (clean.Length == 0 ? kind.ToString() : clean) + Extension(contentType);
    }
}
