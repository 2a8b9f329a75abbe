using KepOffice.Pki.Profiles;

namespace KepOffice.Core.Acts;

// What the paper copy of a qualified certificate prints, and nothing more. Values are taken from the
// issued certificate as they are in it: the act proves the applicant saw exactly those contents.
public sealed record CertificateAct
{
    public required string Number { get; init; }

    public required DateOnly Date { get; init; }

    // City of the registration office where the act is signed, e.g. «г. Москва».
    public required string Place { get; init; }

    // Operator who identified the applicant and hands over the certificate, as «Фамилия И. О.».
    public required string OperatorName { get; init; }

    public required ActIssuer Issuer { get; init; }

    public required ActCertificate Certificate { get; init; }

    public required ActOwner Owner { get; init; }

    // Page where anyone can check the certificate; the QR code adds the thumbprint to it.
    public required Uri VerificationUrl { get; init; }
}

public sealed record ActIssuer
{
    public required string Name { get; init; }

    public required string Inn { get; init; }

    public required string Ogrn { get; init; }

    public ActAddress? Address { get; init; }

    public required string CertificateSerialNumber { get; init; }

    // issuerSignTool (1.2.643.100.112).
    public required ActIssuerSignTool SignTool { get; init; }
}

public sealed record ActIssuerSignTool(
    string SigningTool,
    string CaTool,
    string SigningToolConformity,
    string CaToolConformity);

public sealed record ActCertificate
{
    // Hex as in the certificate, without separators.
    public required string SerialNumber { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    public required DateTimeOffset PrivateKeyNotBefore { get; init; }

    public required DateTimeOffset PrivateKeyNotAfter { get; init; }

    public required ActOid PublicKeyAlgorithm { get; init; }

    public required ActOid PublicKeyParameters { get; init; }

    // Hex of the public key value (the key verification key the applicant acknowledges).
    public required string PublicKey { get; init; }

    public required ActOid SignatureAlgorithm { get; init; }

    // Russian words, e.g. «цифровая подпись», «неотрекаемость».
    public required IReadOnlyList<string> KeyUsages { get; init; }

    public IReadOnlyList<ActOid> ExtendedKeyUsages { get; init; } = [];

    // subjectSignTool (1.2.643.100.111).
    public required string SubjectSignTool { get; init; }

    public required IReadOnlyList<SigningToolClass> SigningToolClasses { get; init; }

    public required IdentificationKind IdentificationKind { get; init; }

    public string? Sha1Thumbprint { get; init; }

    public string? StreebogThumbprint { get; init; }
}

// A name in Russian with the OID it stands for, e.g. («Проверка подлинности клиента», "1.3.6.1.5.5.7.3.2").
public sealed record ActOid(string Name, string Value);

public sealed record ActOwner
{
    public required string Surname { get; init; }

    // Given name and patronymic, as GN holds them.
    public required string GivenName { get; init; }

    public required string CommonName { get; init; }

    // 11 digits as in the certificate; printed as NNN-NNN-NNN NN.
    public required string Snils { get; init; }

    public required string Inn { get; init; }

    // Only for an individual entrepreneur.
    public string? Ogrnip { get; init; }

    public string? Email { get; init; }

    // Region / locality / street of a natural person, when the certificate carries them.
    public ActAddress? Address { get; init; }

    // Only when the certificate is issued to a legal entity; the person above acts for it.
    public ActOrganization? Organization { get; init; }
}

public sealed record ActOrganization
{
    public required string Name { get; init; }

    public required string Inn { get; init; }

    public required string Ogrn { get; init; }

    public string? Department { get; init; }

    public required string Title { get; init; }

    public required ActAddress Address { get; init; }
}

// S, L and street as in the certificate, e.g. («77 г. Москва», «г. Москва», «ул. Тверская, д. 1»).
public sealed record ActAddress(string? Region, string? Locality, string? Street);
