using KepOffice.Pki.Profiles;
using Org.BouncyCastle.Asn1.X509;

namespace KepOffice.Pki.Issuance;

/// <summary>What to put into a new end-entity certificate.</summary>
/// <param name="PublicKey">The holder's public key exactly as received (from a checked CSR or a generated key).</param>
/// <param name="Subject">The holder's data.</param>
/// <param name="Profile">The issuance profile.</param>
/// <param name="IdentificationKind">How the applicant was identified.</param>
public sealed record IssuanceRequest(
    SubjectPublicKeyInfo PublicKey,
    CertificateSubject Subject,
    CertificateProfile Profile,
    IdentificationKind IdentificationKind)
{
    /// <summary>The holder's signing tool when it differs from the profile default.</summary>
    public string? SubjectSignTool { get; init; }
}
