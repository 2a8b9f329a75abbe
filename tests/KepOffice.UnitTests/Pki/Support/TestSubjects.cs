using KepOffice.Pki.Profiles;

namespace KepOffice.UnitTests.Pki.Support;

internal static class TestSubjects
{
    public const string Snils = "11223344595";
    public const string Inn = "500100732259";

    public static CertificateSubject Person() => new()
    {
        Surname = "Иванов",
        GivenName = "Иван Иванович",
        Snils = "112-233-445 95",
        Inn = Inn,
        Email = "ivanov@example.ru",
        Region = "77 г. Москва",
        Locality = "г. Москва",
    };

    public static CertificateProfile Profile() => new()
    {
        CrlDistributionPoints = ["http://ca.example.ru/issuing.crl"],
        CaIssuersUrl = "http://ca.example.ru/issuing.cer",
    };
}
