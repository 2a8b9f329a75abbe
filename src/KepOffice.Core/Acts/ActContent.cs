using System.Globalization;
using System.Text;
using KepOffice.Pki.Profiles;

namespace KepOffice.Core.Acts;

internal sealed record ActRow(string Label, string Value);

internal sealed record ActSection(string Title, IReadOnlyList<ActRow> Rows);

// The Russian wording of the act, kept apart from layout so tests and reviewers can read it in one place.
internal static class ActContent
{
    public static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    public const string Statement =
        "С информацией, содержащейся в квалифицированном сертификате, ознакомлен(а). " +
        "Сведения, внесённые в сертификат, соответствуют представленным мной документам. " +
        "Квалифицированный сертификат получил(а).";

    public static IReadOnlyList<ActSection> Sections(CertificateAct act) =>
    [
        CertificateSection(act),
        OwnerSection(act.Owner),
        KeySection(act.Certificate),
        UsageSection(act.Certificate),
        IssuerSection(act.Issuer),
    ];

    // Everything printed that did not come from this file: the model's strings as they appear on the page.
    public static IEnumerable<string> FreeText(CertificateAct act, IReadOnlyList<ActSection> sections) =>
        sections.SelectMany(section => section.Rows.Select(row => row.Value))
            .Concat([act.Number, act.Place, act.OperatorName, act.Issuer.Name, act.Issuer.Address is { } address ? Address(address) : ""]);

    public static string DocumentTitle => "Копия квалифицированного сертификата ключа проверки электронной подписи на бумажном носителе";

    public static string Subtitle(CertificateAct act) =>
        $"Акт приёма-передачи № {act.Number}";

    public static string Footer(CertificateAct act) =>
        $"Акт № {act.Number} от {Date(act.Date)} · сертификат № {act.Certificate.SerialNumber.ToUpperInvariant()}";

    public static string PageNumber(int page, int pages) =>
        string.Create(Russian, $"Лист {page} из {pages}");

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", Russian);

    // Certificates hold UTC; saying so avoids a three-hour dispute about the moment of validity.
    public static string Moment(DateTimeOffset moment) => moment.UtcDateTime.ToString("dd.MM.yyyy HH:mm:ss", Russian) + " UTC";

    public static string Period(DateTimeOffset from, DateTimeOffset to) => $"с {Moment(from)} по {Moment(to)}";

    public static string Snils(string snils)
    {
        var digits = Digits(snils);
        return digits.Length == 11 ? $"{digits[..3]}-{digits[3..6]}-{digits[6..9]} {digits[9..]}" : snils;
    }

    // «Иванов Иван Иванович» signs as «Иванов И. И.».
    public static string ShortName(string surname, string givenName)
    {
        var initials = string.Join(' ', givenName
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => char.ToUpper(part[0], Russian) + "."));
        return initials.Length == 0 ? surname : $"{surname} {initials}";
    }

    public static string Identification(IdentificationKind kind) => kind switch
    {
        IdentificationKind.InPerson => "лично (при личном присутствии заявителя)",
        IdentificationKind.QualifiedCertificate => "по действующему квалифицированному сертификату",
        IdentificationKind.BiometricPassport => "по биометрическому заграничному паспорту",
        IdentificationKind.EsiaEbs => "через ЕСИА и ЕБС (удалённая биометрическая идентификация)",
    };

    public static string ToolClass(SigningToolClass toolClass) => toolClass switch
    {
        SigningToolClass.KS1 => "КС1",
        SigningToolClass.KS2 => "КС2",
        SigningToolClass.KS3 => "КС3",
        SigningToolClass.KV1 => "КВ1",
        SigningToolClass.KV2 => "КВ2",
        SigningToolClass.KA1 => "КА1",
    };

    // Spaced byte pairs let a long key wrap at any byte and be compared by eye with a certificate viewer.
    public static string SpacedHex(string hex)
    {
        var clean = Digits(hex, hexadecimal: true).ToUpperInvariant();
        var builder = new StringBuilder(clean.Length * 3 / 2);
        for (var i = 0; i < clean.Length; i += 2)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(clean, i, Math.Min(2, clean.Length - i));
        }

        return builder.ToString();
    }

    public static string Address(ActAddress address) =>
        string.Join(", ", new[] { address.Region, address.Locality, address.Street }.Where(part => !string.IsNullOrWhiteSpace(part)));

    private static ActSection CertificateSection(CertificateAct act)
    {
        var certificate = act.Certificate;
        var rows = new List<ActRow>
        {
            new("Серийный номер", certificate.SerialNumber.ToUpperInvariant()),
            new("Срок действия сертификата", Period(certificate.NotBefore, certificate.NotAfter)),
            new("Срок действия ключа электронной подписи", Period(certificate.PrivateKeyNotBefore, certificate.PrivateKeyNotAfter)),
        };
        if (certificate.Sha1Thumbprint is { Length: > 0 } sha1)
        {
            rows.Add(new("Отпечаток (SHA-1)", Thumbprint(sha1)));
        }

        if (certificate.StreebogThumbprint is { Length: > 0 } streebog)
        {
            rows.Add(new("Отпечаток (ГОСТ Р 34.11-2012)", Thumbprint(streebog)));
        }

        rows.Add(new("Способ идентификации заявителя", Identification(certificate.IdentificationKind)));
        rows.Add(new("Проверка сертификата", act.VerificationUrl.ToString()));
        return new("1. Сведения о сертификате", rows);
    }

    private static ActSection OwnerSection(ActOwner owner)
    {
        var rows = new List<ActRow>();
        var organization = owner.Organization;
        var kind = organization is not null ? "юридическое лицо"
            : owner.Ogrnip is not null ? "индивидуальный предприниматель" : "физическое лицо";
        if (organization is not null)
        {
            rows.Add(new("Наименование организации", organization.Name));
            rows.Add(new("ИНН юридического лица", organization.Inn));
            rows.Add(new("ОГРН", organization.Ogrn));
            rows.Add(new("Место нахождения", Address(organization.Address)));
            if (organization.Department is { Length: > 0 } department)
            {
                rows.Add(new("Подразделение", department));
            }

            rows.Add(new("Должность", organization.Title));
        }

        rows.Add(new("Фамилия", owner.Surname));
        rows.Add(new("Имя и отчество", owner.GivenName));
        if (owner.CommonName != $"{owner.Surname} {owner.GivenName}")
        {
            rows.Add(new("Общее имя (CN)", owner.CommonName));
        }

        rows.Add(new("СНИЛС", Snils(owner.Snils)));
        rows.Add(new("ИНН", owner.Inn));
        if (owner.Ogrnip is { Length: > 0 } ogrnip)
        {
            rows.Add(new("ОГРНИП", ogrnip));
        }

        if (owner.Email is { Length: > 0 } email)
        {
            rows.Add(new("Адрес электронной почты", email));
        }

        if (owner.Address is { } address)
        {
            rows.Add(new("Адрес", Address(address)));
        }

        return new($"2. Владелец сертификата — {kind}", rows);
    }

    private static ActSection KeySection(ActCertificate certificate) => new("3. Ключ проверки электронной подписи",
    [
        new("Алгоритм ключа", Named(certificate.PublicKeyAlgorithm)),
        new("Параметры ключа", Named(certificate.PublicKeyParameters)),
        new("Значение ключа", SpacedHex(certificate.PublicKey)),
        new("Алгоритм подписи сертификата", Named(certificate.SignatureAlgorithm)),
    ]);

    private static ActSection UsageSection(ActCertificate certificate)
    {
        var rows = new List<ActRow>
        {
            new("Использование ключа", string.Join(", ", certificate.KeyUsages)),
        };
        if (certificate.ExtendedKeyUsages.Count > 0)
        {
            rows.Add(new("Расширенное использование ключа", string.Join('\n', certificate.ExtendedKeyUsages.Select(Named))));
        }

        rows.Add(new("Средство электронной подписи владельца", certificate.SubjectSignTool));
        rows.Add(new("Класс средства электронной подписи", string.Join(", ", certificate.SigningToolClasses.Select(ToolClass))));
        return new("4. Назначение ключа и средство электронной подписи", rows);
    }

    // ИНН, ОГРН and address of the CA head the page; the rows repeat only what identifies its certificate.
    private static ActSection IssuerSection(ActIssuer issuer) => new("5. Удостоверяющий центр (издатель)",
        [
            new("Наименование", issuer.Name),
            new("Серийный номер сертификата УЦ", issuer.CertificateSerialNumber.ToUpperInvariant()),
            new("Средство электронной подписи УЦ", issuer.SignTool.SigningTool),
            new("Средство УЦ", issuer.SignTool.CaTool),
            new("Реквизиты соответствия средства ЭП", issuer.SignTool.SigningToolConformity),
            new("Реквизиты соответствия средства УЦ", issuer.SignTool.CaToolConformity),
        ]);

    // Lower case keeps a 64-digit Streebog thumbprint on one line (a–f are no wider than digits) and
    // matches how certificate viewers show thumbprints.
    public static string Thumbprint(string hex) => Digits(hex, hexadecimal: true).ToLowerInvariant();

    private static string Named(ActOid oid) => $"{oid.Name} ({oid.Value})";

    private static string Digits(string value, bool hexadecimal = false) =>
        string.Concat(value.Where(c => hexadecimal ? char.IsAsciiHexDigit(c) : char.IsAsciiDigit(c)));
}
