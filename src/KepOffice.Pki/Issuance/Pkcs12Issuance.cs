namespace KepOffice.Pki.Issuance;

/// <summary>
/// Result of issuing with a server-generated key. <see cref="Pkcs12"/> is the only copy of the private key:
/// hand it to the applicant once and do not store it.
/// </summary>
public sealed class Pkcs12Issuance
{
    internal Pkcs12Issuance(IssuedCertificate certificate, byte[] pkcs12)
    {
        Certificate = certificate;
        Pkcs12 = pkcs12;
    }

    /// <summary>The issued certificate (store this in the register).</summary>
    public IssuedCertificate Certificate { get; }

    /// <summary>PKCS#12 (.pfx) with key, certificate and CA chain, encrypted with the applicant's PIN.</summary>
    public byte[] Pkcs12 { get; }
}
