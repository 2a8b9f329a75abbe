using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Authority;

/// <summary>Signs a TBSCertificate with an <see cref="ICaSigner"/>, keeping the SPKI bytes as given.</summary>
internal static class TbsSigner
{
    public static X509Certificate Sign(V3TbsCertificateGenerator generator, ICaSigner signer)
    {
        var algorithm = SignatureAlgorithms.Identifier(signer.KeySpec.Algorithm);
        generator.SetSignature(algorithm);
        var tbs = generator.GenerateTbsCertificate();
        var signature = signer.Sign(tbs.GetDerEncoded());
        return new X509Certificate(new X509CertificateStructure(tbs, algorithm, new DerBitString(signature)));
    }

    public static DateTime TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcDateTime.Ticks - (time.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
