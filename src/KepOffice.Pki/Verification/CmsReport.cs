namespace KepOffice.Pki.Verification;

/// <summary>Result of verifying a CMS (PKCS#7) signature.</summary>
public sealed class CmsReport
{
    internal CmsReport(IReadOnlyList<CmsSignerResult> signers, IReadOnlyList<VerificationFinding> findings)
    {
        Signers = signers;
        Findings = findings;
    }

    /// <summary>Per-signer results.</summary>
    public IReadOnlyList<CmsSignerResult> Signers { get; }

    /// <summary>All findings: the signature's own, then each signer certificate's.</summary>
    public IReadOnlyList<VerificationFinding> Findings { get; }

    /// <summary>True when there is at least one signer and no finding is an error.</summary>
    public bool IsValid => Signers.Count > 0 && Findings.All(f => f.Severity != FindingSeverity.Error);
}
