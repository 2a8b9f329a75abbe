namespace KepOffice.Core.Applications;

public enum DocumentKind
{
    PassportMain,
    PassportRegistration,
    Snils,
    Other,
    SignedAct,
}

/// <summary>A scan attached to an application. A corrected scan is a new row; the old one stays for the record.</summary>
public sealed class ApplicationDocument
{
    public Guid Id { get; set; }

    public Guid ApplicationId { get; set; }

    public DocumentKind Kind { get; set; }

    public string ContentType { get; set; } = "";

    public string FileName { get; set; } = "";

    public long Size { get; set; }

    public string Sha256 { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTime UploadedUtc { get; set; }

    public bool Superseded { get; set; }

    /// <summary>When the retention job deleted the content (past retention); the row stays as the record that it existed.</summary>
    public DateTime? PurgedUtc { get; set; }
}
