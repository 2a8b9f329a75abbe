using Org.BouncyCastle.Math;

namespace KepOffice.Pki.Revocation;

/// <summary>One CRL entry.</summary>
/// <param name="SerialNumber">Serial number of the revoked certificate (positive).</param>
/// <param name="RevocationDate">When the revocation took effect.</param>
/// <param name="Reason">RFC 5280 reason.</param>
public readonly record struct RevokedCertificate(BigInteger SerialNumber, DateTimeOffset RevocationDate, RevocationReason Reason)
{
    /// <summary>Creates an entry from a hex serial number as stored in the register.</summary>
    public static RevokedCertificate FromHex(string serialHex, DateTimeOffset revocationDate, RevocationReason reason) =>
        new(new BigInteger(serialHex, 16), revocationDate, reason);
}
