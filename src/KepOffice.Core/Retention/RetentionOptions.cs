namespace KepOffice.Core.Retention;

/// <summary>
/// KepOffice:Retention — how long scans are kept. The register, the application's details (the identity documents' data
/// the law asks the CA to keep for its lifetime) and the audit log are never deleted by retention; only document
/// contents are. A value of 0 years keeps that kind of document for the CA's lifetime.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "KepOffice:Retention";

    /// <summary>Scans of an application that led to a certificate: years after the certificate ended (expiry or revocation).</summary>
    public int IssuedScanYears { get; set; } = 5;

    /// <summary>The scan of the signed act: kept for the CA's lifetime by default (0), as the acknowledgement the law requires.</summary>
    public int SignedActYears { get; set; }

    /// <summary>Scans of an application refused or cancelled without a certificate: years after its last change.</summary>
    public int UnissuedScanYears { get; set; } = 1;

    /// <summary>Documents deleted per transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The first wrong setting, named, or null.</summary>
    public string? Problem() =>
        IssuedScanYears is < 0 or > 100 ? $"{SectionName}:IssuedScanYears должен быть от 0 до 100 лет (0 — хранить всё время деятельности УЦ)."
        : SignedActYears is < 0 or > 100 ? $"{SectionName}:SignedActYears должен быть от 0 до 100 лет (0 — хранить всё время деятельности УЦ)."
        : UnissuedScanYears is < 0 or > 100 ? $"{SectionName}:UnissuedScanYears должен быть от 0 до 100 лет (0 — не удалять)."
        : BatchSize is < 1 or > 10_000 ? $"{SectionName}:BatchSize должен быть от 1 до 10000."
        : null;
}
