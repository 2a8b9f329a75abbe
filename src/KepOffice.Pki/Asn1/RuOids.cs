using Org.BouncyCastle.Asn1;

namespace KepOffice.Pki.Asn1;

/// <summary>Object identifiers of the Russian qualified-certificate profile (RFC 9215, PROFILE.md).</summary>
public static class RuOids
{
    /// <summary>ОГРН, 1.2.643.100.1.</summary>
    public static readonly DerObjectIdentifier Ogrn = new("1.2.643.100.1");

    /// <summary>СНИЛС, 1.2.643.100.3.</summary>
    public static readonly DerObjectIdentifier Snils = new("1.2.643.100.3");

    /// <summary>ИНН юридического лица, 1.2.643.100.4.</summary>
    public static readonly DerObjectIdentifier InnLe = new("1.2.643.100.4");

    /// <summary>ОГРНИП, 1.2.643.100.5.</summary>
    public static readonly DerObjectIdentifier Ogrnip = new("1.2.643.100.5");

    /// <summary>ИНН физического лица, 1.2.643.3.131.1.1.</summary>
    public static readonly DerObjectIdentifier Inn = new("1.2.643.3.131.1.1");

    /// <summary>subjectSignTool extension, 1.2.643.100.111.</summary>
    public static readonly DerObjectIdentifier SubjectSignTool = new("1.2.643.100.111");

    /// <summary>issuerSignTool extension, 1.2.643.100.112.</summary>
    public static readonly DerObjectIdentifier IssuerSignTool = new("1.2.643.100.112");

    /// <summary>Arc of signing-tool class policies, 1.2.643.100.113 (.1 КС1 … .6 КА1).</summary>
    public static readonly DerObjectIdentifier SigningToolClassArc = new("1.2.643.100.113");

    /// <summary>IdentificationKind extension, 1.2.643.100.114.</summary>
    public static readonly DerObjectIdentifier IdentificationKind = new("1.2.643.100.114");
}
