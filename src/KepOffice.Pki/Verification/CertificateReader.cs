using System.Text;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Verification;

/// <summary>Reads certificates and CRLs from DER or PEM without letting parser exceptions escape.</summary>
public static class CertificateReader
{
    /// <summary>Parses a certificate (DER or PEM); returns null when the bytes are not a certificate.</summary>
    public static X509Certificate? TryReadCertificate(byte[] data)
    {
        try
        {
            var der = PemOrDer(data, "CERTIFICATE");
            return der is null ? null : new X509Certificate(der);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Parses a CRL (DER or PEM); returns null when the bytes are not a CRL.</summary>
    public static X509Crl? TryReadCrl(byte[] data)
    {
        try
        {
            var der = PemOrDer(data, "X509 CRL");
            return der is null ? null : new X509Crl(der);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    internal static byte[]? PemOrDer(byte[] data, string label)
    {
        if (data.Length > 0 && data[0] == 0x30)
        {
            return data;
        }

        var text = Encoding.ASCII.GetString(data);
        var begin = $"-----BEGIN {label}-----";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var end = text.IndexOf($"-----END {label}-----", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return null;
        }

        var body = text[(start + begin.Length)..end];
        return Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))));
    }
}
