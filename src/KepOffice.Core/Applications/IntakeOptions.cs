namespace KepOffice.Core.Applications;

/// <summary>The "KepOffice:Intake" section: limits of what a portal or the desk may send.</summary>
public sealed class IntakeOptions
{
    public const string SectionName = "KepOffice:Intake";

    public long MaxScanBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxScans { get; set; } = 10;

    public long MaxRequestBytes { get; set; } = 60 * 1024 * 1024;

    public int[] AllowedValidityMonths { get; set; } = [12, 15];

    public string IssuanceWorkflowId { get; set; } = "kep-issuance";
}
