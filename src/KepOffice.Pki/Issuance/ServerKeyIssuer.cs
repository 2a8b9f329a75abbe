using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Authority;
using KepOffice.Pki.Profiles;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Issuance;

/// <summary>
/// Issues a certificate for a key generated on the server and packs it into PKCS#12 under the
/// applicant's PIN. The key exists unencrypted only in memory during this call.
/// </summary>
public sealed class ServerKeyIssuer
{
    private readonly CertificateIssuer _issuer;

    /// <summary>Creates the issuer on top of <paramref name="issuer"/>.</summary>
    public ServerKeyIssuer(CertificateIssuer issuer)
    {
        _issuer = issuer;
    }

    /// <summary>Generates a key of <paramref name="keySpec"/> (GOST 256 TC26 A when null), issues and packs it.</summary>
    /// <exception cref="ArgumentException">The PIN does not satisfy <see cref="ApplicantPin"/>.</exception>
    /// <exception cref="SubjectValidationException">Required subject attributes are missing or invalid.</exception>
    public Pkcs12Issuance Issue(CertificateAuthority ca, CertificateSubject subject, CertificateProfile profile, IdentificationKind identificationKind, string pin, KeySpec? keySpec = null)
    {
        var pinError = ApplicantPin.Check(pin);
        if (pinError is not null)
        {
            throw new ArgumentException(pinError, nameof(pin));
        }

        var keyPair = KeyPairFactory.Generate(keySpec ?? KeySpec.Gost256);
        var publicKey = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(keyPair.Public);
        var issued = _issuer.Issue(ca, new IssuanceRequest(publicKey, subject, profile, identificationKind));
        var pfx = Pkcs12Files.Write(keyPair.Private, [issued.Certificate, .. ca.Chain], pin);
        return new Pkcs12Issuance(issued, pfx);
    }
}
