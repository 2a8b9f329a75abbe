using KepOffice.Pki.Verification;

namespace KepOffice.Core.Certificates;

/// <summary>
/// Checks a certificate or a CMS signature against the active issuing CA: its chain up to our root and
/// its current CRL (issued on the spot when none is current). Null when no CA is active.
/// </summary>
public sealed class CertificateVerification(CertificateAuthorityStore authorities, CrlPublisher crls, TimeProvider timeProvider)
{
    public async Task<CertificateReport?> VerifyCertificateAsync(byte[] certificate, CancellationToken cancellationToken)
    {
        if (await TrustAsync(cancellationToken) is not { } trust)
        {
            return null;
        }

        return new CertificateVerifier(timeProvider).Verify(certificate, trust.Chain, trust.Crl);
    }

    /// <param name="content">The signed file for a detached signature; null for an attached one.</param>
    public async Task<CmsReport?> VerifySignatureAsync(byte[] signature, byte[]? content, CancellationToken cancellationToken)
    {
        if (await TrustAsync(cancellationToken) is not { } trust)
        {
            return null;
        }

        var verifier = new CmsSignatureVerifier(timeProvider);
        return content is null
            ? verifier.VerifyAttached(signature, trust.Chain, trust.Crl)
            : verifier.VerifyDetached(signature, content, trust.Chain, trust.Crl);
    }

    private async Task<(IReadOnlyList<Org.BouncyCastle.X509.X509Certificate> Chain, byte[] Crl)?> TrustAsync(CancellationToken cancellationToken)
    {
        var active = await authorities.GetActiveIssuingAsync(cancellationToken);
        if (active is null)
        {
            return null;
        }

        return (await authorities.ChainAsync(active.Id, cancellationToken), await crls.GetCurrentAsync(active.Id, cancellationToken));
    }
}
