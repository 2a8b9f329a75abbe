using KepOffice.Core.Acts;
using KepOffice.Pki.Profiles;

namespace KepOffice.UnitTests.Core.Acts;

internal static class ActSamples
{
    public const string Serial = "01DC5E6A7F3B2C4D5E6F708192A3B4C5";
    public const string Streebog = "5F2D8C1E9A7B3C4D6E0F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F";
    public const string Sha1 = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";

    public static CertificateAct NaturalPerson() => new()
    {
        Number = "МСК-2026-000123",
        Date = new DateOnly(2026, 11, 23),
        Place = "г. Москва",
        OperatorName = "Петрова А. С.",
        VerificationUrl = new Uri("https://uc.kepoffice.ru/check"),
        Issuer = new ActIssuer
        {
            Name = "ООО «КепОфис Удостоверяющий центр»",
            Inn = "7707083893",
            Ogrn = "1027700132195",
            Address = new ActAddress("77 г. Москва", "г. Москва", "ул. Тверская, д. 7, офис 12"),
            CertificateSerialNumber = "7C0000000A8B3E1F4D2C",
            SignTool = new ActIssuerSignTool(
                "СКЗИ «КриптоПро CSP» (версия 5.0)",
                "ПАК «КриптоПро УЦ» версии 2.0",
                "Сертификат соответствия № СФ/124-4328 от 23.08.2022",
                "Сертификат соответствия № СФ/128-4268 от 11.05.2022"),
        },
        Certificate = new ActCertificate
        {
            SerialNumber = Serial,
            NotBefore = new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.Zero),
            NotAfter = new DateTimeOffset(2028, 2, 23, 9, 15, 0, TimeSpan.Zero),
            PrivateKeyNotBefore = new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.Zero),
            PrivateKeyNotAfter = new DateTimeOffset(2028, 2, 23, 9, 15, 0, TimeSpan.Zero),
            PublicKeyAlgorithm = new ActOid("ГОСТ Р 34.10-2012, 256 бит", "1.2.643.7.1.1.1.1"),
            PublicKeyParameters = new ActOid("ТК26, набор A, 256 бит", "1.2.643.7.1.2.1.1.1"),
            PublicKey = "04409F3A1C2B5D4E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091",
            SignatureAlgorithm = new ActOid("ГОСТ Р 34.10-2012 с ГОСТ Р 34.11-2012, 256 бит", "1.2.643.7.1.1.3.2"),
            KeyUsages = ["цифровая подпись", "неотрекаемость", "шифрование ключей", "согласование ключей"],
            ExtendedKeyUsages =
            [
                new ActOid("Проверка подлинности клиента", "1.3.6.1.5.5.7.3.2"),
                new ActOid("Защищённая электронная почта", "1.3.6.1.5.5.7.3.4"),
            ],
            SubjectSignTool = "СКЗИ «КриптоПро CSP» (версия 5.0)",
            SigningToolClasses = [SigningToolClass.KS1, SigningToolClass.KS2],
            IdentificationKind = IdentificationKind.InPerson,
            Sha1Thumbprint = Sha1,
            StreebogThumbprint = Streebog,
        },
        Owner = new ActOwner
        {
            Surname = "Иванов",
            GivenName = "Иван Иванович",
            CommonName = "Иванов Иван Иванович",
            Snils = "11223344595",
            Inn = "500100732259",
            Email = "ivanov@example.ru",
        },
    };

    public static CertificateAct LegalEntity(string organizationName, string street, int extendedKeyUsages)
    {
        var act = NaturalPerson();
        return act with
        {
            Owner = act.Owner with
            {
                Organization = new ActOrganization
                {
                    Name = organizationName,
                    Inn = "7707083893",
                    Ogrn = "1027700132195",
                    Department = "Департамент информационной безопасности и цифровой трансформации",
                    Title = "Заместитель генерального директора по правовым вопросам",
                    Address = new ActAddress("78 г. Санкт-Петербург", "г. Санкт-Петербург", street),
                },
            },
            Certificate = act.Certificate with
            {
                IdentificationKind = IdentificationKind.EsiaEbs,
                ExtendedKeyUsages = Enumerable.Range(1, extendedKeyUsages)
                    .Select(i => new ActOid($"Назначение номер {i} для информационной системы", $"1.2.643.6.{i}.1.1"))
                    .ToList(),
            },
        };
    }
}
