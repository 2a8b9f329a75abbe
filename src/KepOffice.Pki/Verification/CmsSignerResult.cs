using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Verification;

/// <summary>Outcome for one signer of a CMS signature.</summary>
public sealed class CmsSignerResult
{
    internal CmsSignerResult(X509Certificate? certificate, bool signatureValid, DateTimeOffset? signingTime, CertificateReport? certificateReport)
    {
        Certificate = certificate;
        SignatureValid = signatureValid;
        SigningTime = signingTime;
        CertificateReport = certificateReport;
    }

    /// <summary>The signer's certificate as found in the CMS; null when it was not included.</summary>
    public X509Certificate? Certificate { get; }

    /// <summary>True when the signature over the content verifies with the certificate's key.</summary>
    public bool SignatureValid { get; }

    /// <summary>signingTime signed attribute, when present.</summary>
    public DateTimeOffset? SigningTime { get; }

    /// <summary>Check of the signer's certificate (chain, validity, revocation, profile); null without a certificate.</summary>
    public CertificateReport? CertificateReport { get; }
}
