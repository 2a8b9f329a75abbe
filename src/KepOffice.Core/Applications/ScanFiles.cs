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
}
