namespace KepOffice.Core.Certificates;

public enum CaRole
{
    Root,
    Issuing,
}

/// <summary>A CA certificate this authority holds a key for; the key itself lives with the key provider.</summary>
public sealed class CaRecord
{
    /// <summary>Short id used in URLs: /cdp/{id}.crl, /aia/{id}.cer.</summary>
    public string Id { get; set; } = "";

    public CaRole Role { get; set; }

    public string? ParentId { get; set; }

    public string DisplayName { get; set; } = "";

    public string KeyId { get; set; } = "";

    public byte[] CertificateDer { get; set; } = [];

    public string SerialHex { get; set; } = "";

    public DateTime NotBeforeUtc { get; set; }

    public DateTime NotAfterUtc { get; set; }

    public bool IsDemo { get; set; }

    /// <summary>The issuing CA new certificates are signed with; one at a time.</summary>
    public bool IsActive { get; set; }

    public long CrlNumber { get; set; }

    public byte[]? CrlDer { get; set; }

    public DateTime? CrlThisUpdateUtc { get; set; }

    public DateTime? CrlNextUpdateUtc { get; set; }

    public DateTime CreatedUtc { get; set; }

    public int Version { get; set; }
}
