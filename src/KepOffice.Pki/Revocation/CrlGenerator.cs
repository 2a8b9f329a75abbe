using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Asn1;
using KepOffice.Pki.Authority;
using KepOffice.Pki.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace KepOffice.Pki.Revocation;

/// <summary>
/// Issues full X.509 v2 CRLs. Entries are written straight into a DER buffer as they are enumerated,
/// so the caller can stream millions of rows from the database without materialising objects.
/// Thread-safe.
/// </summary>
public sealed class CrlGenerator
{
    // reasonCode extension (2.5.29.21) wrapped as crlEntryExtensions, with the ENUMERATED value last.
    private static readonly byte[] _reasonExtensionPrefix = [0x30, 0x0C, 0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01];

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a generator; thisUpdate is <paramref name="timeProvider"/>'s now.</summary>
    public CrlGenerator(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Builds and signs the CRL; returns DER.</summary>
    /// <exception cref="ArgumentException">An entry is invalid (non-positive serial, removeFromCRL).</exception>
    public byte[] Generate(CertificateAuthority ca, CrlRequest request, IEnumerable<RevokedCertificate> entries)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(entries);
        if (request.NextUpdateAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException("Период до nextUpdate должен быть положительным.", nameof(request));
        }

        var thisUpdate = new DateTimeOffset(TbsSigner.TruncateToSeconds(_timeProvider.GetUtcNow()));
        var nextUpdate = thisUpdate + request.NextUpdateAfter;

        var revoked = WriteEntries(entries);

        var version = DerInteger.One.GetDerEncoded();
        var algorithm = SignatureAlgorithms.Identifier(ca.Signer.KeySpec.Algorithm).GetDerEncoded();
        var issuer = ca.Certificate.SubjectDN.GetDerEncoded();
        var extensions = CrlExtensions(ca, request).GetDerEncoded();
        var revokedSize = revoked.Length == 0 ? 0 : DerBuffer.TlvSize(revoked.Length);
        var tbsContent = version.Length + algorithm.Length + issuer.Length
            + DerBuffer.TimeSize(thisUpdate) + DerBuffer.TimeSize(nextUpdate) + revokedSize + extensions.Length;

        var tbs = new DerBuffer(DerBuffer.TlvSize(tbsContent));
        tbs.WriteHeader(0x30, tbsContent);
        tbs.Write(version);
        tbs.Write(algorithm);
        tbs.Write(issuer);
        tbs.WriteTime(thisUpdate);
        tbs.WriteTime(nextUpdate);
        if (revoked.Length > 0)
        {
            // An empty revokedCertificates must be omitted, not written as an empty SEQUENCE.
            tbs.WriteHeader(0x30, revoked.Length);
            tbs.Write(revoked.WrittenSpan);
        }

        tbs.Write(extensions);

        var signature = ca.Signer.Sign(tbs.WrittenSpan);
        var signatureBits = new DerBitString(signature).GetDerEncoded();
        var crlContent = tbs.Length + algorithm.Length + signatureBits.Length;
        var crl = new DerBuffer(DerBuffer.TlvSize(crlContent));
        crl.WriteHeader(0x30, crlContent);
        crl.Write(tbs.WrittenSpan);
        crl.Write(algorithm);
        crl.Write(signatureBits);
        return crl.ToArray();
    }

    private static DerBuffer WriteEntries(IEnumerable<RevokedCertificate> entries)
    {
        var buffer = new DerBuffer(1024 * 1024);
        foreach (var entry in entries)
        {
            if (entry.SerialNumber is null || entry.SerialNumber.SignValue <= 0)
            {
                throw new ArgumentException("Серийный номер в CRL должен быть положительным.", nameof(entries));
            }

            if (entry.Reason == RevocationReason.RemoveFromCrl)
            {
                throw new ArgumentException("Причина removeFromCRL допустима только в дельта-CRL; снятый с приостановки сертификат просто не включается в полный CRL.", nameof(entries));
            }

            var serial = entry.SerialNumber.ToByteArray();
            var hasReason = entry.Reason != RevocationReason.Unspecified;
            var content = DerBuffer.TlvSize(serial.Length) + DerBuffer.TimeSize(entry.RevocationDate) + (hasReason ? _reasonExtensionPrefix.Length + 1 : 0);
            buffer.WriteHeader(0x30, content);
            buffer.WriteHeader(0x02, serial.Length);
            buffer.Write(serial);
            buffer.WriteTime(entry.RevocationDate);
            if (hasReason)
            {
                buffer.Write(_reasonExtensionPrefix);
                buffer.WriteByte((byte)entry.Reason);
            }
        }

        return buffer;
    }

    private static DerTaggedObject CrlExtensions(CertificateAuthority ca, CrlRequest request)
    {
        var generator = new X509ExtensionsGenerator();
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, QualifiedExtensions.AuthorityKeyIdentifier(ca.Certificate));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(request.CrlNumber));
        return new DerTaggedObject(true, 0, generator.Generate());
    }
}
