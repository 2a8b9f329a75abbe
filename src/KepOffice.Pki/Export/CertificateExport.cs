using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Utilities.IO.Pem;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Export;

/// <summary>Certificate download formats: .cer (DER), PEM and .p7b (certificates-only PKCS#7).</summary>
public static class CertificateExport
{
    /// <summary>DER bytes, the usual content of a .cer file.</summary>
    public static byte[] ToDer(X509Certificate certificate) => certificate.GetEncoded();

    /// <summary>PEM text («-----BEGIN CERTIFICATE-----»), LF line endings.</summary>
    public static string ToPem(X509Certificate certificate) => ToPem("CERTIFICATE", certificate.GetEncoded());

    /// <summary>
    /// A degenerate PKCS#7 SignedData (no signers) holding <paramref name="certificates"/>, typically the
    /// holder's certificate followed by the CA chain; DER encoded (.p7b).
    /// </summary>
    public static byte[] ToP7b(IEnumerable<X509Certificate> certificates)
    {
        var certs = certificates.Select(c => (Asn1Encodable)c.CertificateStructure).ToArray();
        var signedData = new SignedData(
            new DerSet(),
            new ContentInfo(CmsObjectIdentifiers.Data, null),
            new DerSet(certs),
            null,
            new DerSet());
        return new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }

    internal static string ToPem(string type, byte[] der)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        var pem = new PemWriter(writer);
        pem.WriteObject(new PemObject(type, der));
        writer.Flush();
        return writer.ToString();
    }
}
