using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace KepOffice.Pki.Asn1;

/// <summary>
/// Builds a Name with explicit string types per attribute (NumericString for identifiers, UTF8String
/// for names, PrintableString for C, IA5String for E) instead of BouncyCastle's defaults.
/// </summary>
internal sealed class DistinguishedNameBuilder
{
    private readonly List<Asn1Encodable> _rdns = [];

    public DistinguishedNameBuilder Utf8(DerObjectIdentifier oid, string? value) =>
        string.IsNullOrWhiteSpace(value) ? this : Add(oid, new DerUtf8String(value.Trim()));

    public DistinguishedNameBuilder Numeric(DerObjectIdentifier oid, string? digits) =>
        string.IsNullOrEmpty(digits) ? this : Add(oid, new DerNumericString(digits, validate: true));

    public DistinguishedNameBuilder Country() => Add(X509Name.C, new DerPrintableString("RU", validate: true));

    public DistinguishedNameBuilder Email(string? email) =>
        string.IsNullOrWhiteSpace(email) ? this : Add(X509Name.EmailAddress, new DerIA5String(email.Trim(), validate: true));

    public X509Name Build() => X509Name.GetInstance(new DerSequence(_rdns.ToArray()));

    private DistinguishedNameBuilder Add(DerObjectIdentifier oid, Asn1Encodable value)
    {
        _rdns.Add(new DerSet(new DerSequence(oid, value)));
        return this;
    }
}
