using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Verification;

/// <summary>Result of <see cref="CertificateVerifier.Verify"/>.</summary>
public sealed class CertificateReport
{
    internal CertificateReport(X509Certificate? certificate, RevocationStatus revocationStatus, IReadOnlyList<VerificationFinding> findings)
    {
        Certificate = certificate;
        RevocationStatus = revocationStatus;
        Findings = findings;
    }

    /// <summary>The parsed certificate; null when it could not be read.</summary>
    public X509Certificate? Certificate { get; }

    /// <summary>Revocation status from the CRL.</summary>
    public RevocationStatus RevocationStatus { get; }

    /// <summary>Every check performed, in order.</summary>
    public IReadOnlyList<VerificationFinding> Findings { get; }

    /// <summary>True when no finding is an error.</summary>
    public bool IsValid => Findings.All(f => f.Severity != FindingSeverity.Error);
}
