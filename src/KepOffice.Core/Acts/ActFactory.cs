using System.Globalization;
using System.Security.Cryptography;
using KepOffice.Core.Applications;
using KepOffice.Pki.Asn1;
using KepOffice.Pki.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Digests;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace KepOffice.Core.Acts;

// Values are read from the issued certificate, not from the application: the act shows what the
// certificate says. The application only numbers the act.
public sealed class ActFactory(TimeProvider time)
{
    private static readonly TimeZoneInfo Moscow = FindMoscow();

    private static readonly Dictionary<string, string> OidNames = new()
    {
        ["1.2.643.7.1.1.1.1"] = "ГОСТ Р 34.10-2012 (256 бит)",
        ["1.2.643.7.1.1.1.2"] = "ГОСТ Р 34.10-2012 (512 бит)",
        ["1.2.643.7.1.1.3.2"] = "ГОСТ Р 34.11-2012/34.10-2012 (256 бит)",
        ["1.2.643.7.1.1.3.3"] = "ГОСТ Р 34.11-2012/34.10-2012 (512 бит)",
        ["1.2.643.7.1.2.1.1.1"] = "id-tc26-gost-3410-12-256-paramSetA",
        ["1.2.643.7.1.2.1.1.2"] = "id-tc26-gost-3410-12-256-paramSetB",
        ["1.2.643.7.1.2.1.1.3"] = "id-tc26-gost-3410-12-256-paramSetC",
        ["1.2.643.7.1.2.1.1.4"] = "id-tc26-gost-3410-12-256-paramSetD",
        ["1.2.643.7.1.2.1.2.1"] = "id-tc26-gost-3410-12-512-paramSetA",
        ["1.2.643.7.1.2.1.2.2"] = "id-tc26-gost-3410-12-512-paramSetB",
        ["1.2.643.7.1.2.1.2.3"] = "id-tc26-gost-3410-12-512-paramSetC",
        ["1.2.643.2.2.35.1"] = "CryptoPro-A",
        ["1.2.643.2.2.35.2"] = "CryptoPro-B",
        ["1.2.643.2.2.35.3"] = "CryptoPro-C",
        ["1.2.643.2.2.36.0"] = "CryptoPro-XchA",
        ["1.2.643.2.2.36.1"] = "CryptoPro-XchB",
        ["1.2.840.10045.2.1"] = "ECDSA",
        ["1.2.840.10045.3.1.7"] = "P-256",
        ["1.2.840.10045.4.3.2"] = "ECDSA с SHA-256",
        ["1.3.6.1.5.5.7.3.2"] = "Проверка подлинности клиента",
        ["1.3.6.1.5.5.7.3.4"] = "Защищённая электронная почта",
    };

    private static readonly string[] KeyUsageNames =
    [
        "цифровая подпись", "неотрекаемость", "шифрование ключей", "шифрование данных", "согласование ключей",
        "подпись сертификатов", "подпись списка отозванных сертификатов", "только шифрование", "только расшифрование",
    ];

    public CertificateAct Create(Application application, byte[] certificateDer, byte[] issuerDer, string operatorName, Uri verificationUrl)
    {
        var certificate = new X509Certificate(certificateDer);
        var issuer = new X509Certificate(issuerDer);
        var subject = certificate.SubjectDN;
        var surname = First(subject, X509Name.Surname) ?? application.Surname;
        var givenName = First(subject, X509Name.GivenName) ?? application.GivenNames;
        var privateKey = PrivateKeyPeriod(certificate);
        var spki = certificate.CertificateStructure.SubjectPublicKeyInfo;
        var signTool = IssuerSignTool(certificate);
        var issuerName = issuer.SubjectDN;
        return new CertificateAct
        {
            Number = application.Number,
            Date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Moscow).DateTime),
            Place = First(issuerName, X509Name.L) ?? "г. Москва",
            OperatorName = operatorName,
            Issuer = new ActIssuer
            {
                Name = First(issuerName, X509Name.O) ?? First(issuerName, X509Name.CN) ?? "",
                Inn = First(issuerName, RuOids.InnLe) ?? First(issuerName, RuOids.Inn) ?? "",
                Ogrn = First(issuerName, RuOids.Ogrn) ?? "",
                Address = Address(issuerName),
                CertificateSerialNumber = issuer.SerialNumber.ToString(16).ToUpperInvariant(),
                SignTool = signTool,
            },
            Certificate = new ActCertificate
            {
                SerialNumber = certificate.SerialNumber.ToString(16).ToUpperInvariant(),
                NotBefore = new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero),
                NotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
                PrivateKeyNotBefore = privateKey?.NotBefore ?? new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero),
                PrivateKeyNotAfter = privateKey?.NotAfter ?? new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
                PublicKeyAlgorithm = Oid(spki.Algorithm.Algorithm.Id),
                PublicKeyParameters = KeyParameters(spki.Algorithm.Parameters),
                PublicKey = Convert.ToHexString(spki.PublicKey.GetOctets()),
                SignatureAlgorithm = Oid(certificate.SigAlgOid),
                KeyUsages = KeyUsages(certificate.GetKeyUsage()),
                ExtendedKeyUsages = certificate.GetExtendedKeyUsage()?.Select(o => Oid(o.Id)).ToList() ?? [],
                SubjectSignTool = Extension(certificate, RuOids.SubjectSignTool) is { } tool ? DerStringBase(tool) : "",
                SigningToolClasses = ToolClasses(certificate),
                IdentificationKind = Extension(certificate, RuOids.IdentificationKind) is DerInteger kind
                    ? (IdentificationKind)kind.IntValueExact
                    : IdentificationKind.InPerson,
                Sha1Thumbprint = Convert.ToHexString(SHA1.HashData(certificateDer)),
                StreebogThumbprint = Streebog(certificateDer),
            },
            Owner = new ActOwner
            {
                Surname = surname,
                GivenName = givenName,
                CommonName = First(subject, X509Name.CN) ?? application.FullName,
                Snils = First(subject, RuOids.Snils) ?? application.Snils,
                Inn = First(subject, RuOids.Inn) ?? application.Inn,
                Ogrnip = First(subject, RuOids.Ogrnip),
                Email = First(subject, X509Name.EmailAddress),
                Address = Address(subject),
            },
            VerificationUrl = verificationUrl,
        };
    }

    private static string? First(X509Name name, DerObjectIdentifier oid) =>
        name.GetValueList(oid) is { Count: > 0 } values ? values[0] : null;

    private static ActAddress? Address(X509Name name)
    {
        var region = First(name, X509Name.ST);
        var locality = First(name, X509Name.L);
        var street = First(name, X509Name.Street);
        return region is null && locality is null && street is null ? null : new ActAddress(region, locality, street);
    }

    private static ActOid Oid(string oid) => new(OidNames.GetValueOrDefault(oid, oid), oid);

    private static ActOid KeyParameters(Asn1Encodable? parameters) => parameters?.ToAsn1Object() switch
    {
        DerObjectIdentifier curve => Oid(curve.Id),
        Asn1Sequence { Count: > 0 } sequence when sequence[0] is DerObjectIdentifier set => Oid(set.Id),
        _ => new ActOid("—", ""),
    };

    private static List<string> KeyUsages(bool[]? bits) =>
        bits is null ? [] : bits.Select((set, i) => (set, i)).Where(b => b.set && b.i < KeyUsageNames.Length).Select(b => KeyUsageNames[b.i]).ToList();

    private static Asn1Object? Extension(X509Certificate certificate, DerObjectIdentifier oid) =>
        certificate.GetExtensionValue(oid) is { } octets ? Asn1Object.FromByteArray(octets.GetOctets()) : null;

    private static string DerStringBase(Asn1Object value) => value is IAsn1String text ? text.GetString() : "";

    private static ActIssuerSignTool IssuerSignTool(X509Certificate certificate)
    {
        if (Extension(certificate, RuOids.IssuerSignTool) is not Asn1Sequence { Count: 4 } tool)
        {
            return new ActIssuerSignTool("", "", "", "");
        }

        return new ActIssuerSignTool(DerStringBase(tool[0].ToAsn1Object()), DerStringBase(tool[1].ToAsn1Object()),
            DerStringBase(tool[2].ToAsn1Object()), DerStringBase(tool[3].ToAsn1Object()));
    }

    private static List<SigningToolClass> ToolClasses(X509Certificate certificate)
    {
        if (Extension(certificate, X509Extensions.CertificatePolicies) is not { } policies)
        {
            return [];
        }

        var arc = RuOids.SigningToolClassArc.Id + ".";
        return CertificatePolicies.GetInstance(policies).GetPolicyInformation()
            .Select(p => p.PolicyIdentifier.Id)
            .Where(id => id.StartsWith(arc, StringComparison.Ordinal))
            .Select(id => int.TryParse(id[arc.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (SigningToolClass?)n : null)
            .OfType<SigningToolClass>()
            .Where(Enum.IsDefined)
            .ToList();
    }

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? PrivateKeyPeriod(X509Certificate certificate)
    {
        if (Extension(certificate, X509Extensions.PrivateKeyUsagePeriod) is not Asn1Sequence sequence)
        {
            return null;
        }

        DateTimeOffset? from = null, to = null;
        foreach (var element in sequence)
        {
            if (element is Asn1TaggedObject tagged)
            {
                var moment = new DateTimeOffset(Asn1GeneralizedTime.GetInstance(tagged, false).ToDateTime(), TimeSpan.Zero);
                if (tagged.TagNo == 0) from = moment; else to = moment;
            }
        }

        return from is { } f && to is { } t ? (f, t) : null;
    }

    private static string Streebog(byte[] data)
    {
        var digest = new Gost3411_2012_256Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return Convert.ToHexString(hash);
    }

    private static TimeZoneInfo FindMoscow()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("MSK", TimeSpan.FromHours(3), "MSK", "MSK");
        }
    }
}
