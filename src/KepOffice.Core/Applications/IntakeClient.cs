namespace KepOffice.Core.Applications;

/// <summary>A portal allowed to submit applications; only a hash of its API key is kept.</summary>
public sealed class IntakeClient
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The key's public prefix, shown in the UI to tell keys apart.</summary>
    public string KeyPrefix { get; set; } = "";

    public string KeyHash { get; set; } = "";

    public bool IsActive { get; set; } = true;

    public DateTime CreatedUtc { get; set; }

    public string CreatedBy { get; set; } = "";
}
