using KepOffice.Core.Acts;
using KepOffice.Core.Applications;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Profiles;
using KepOffice.UnitTests.Pki.Support;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.X509;

namespace KepOffice.UnitTests.Core.Acts;

[Collection(PkiCollection.Name)]
public sealed class ActFactoryTests(PkiFixture fixture)
{
    private static readonly Uri Verification = new("https://ca.example.ru/check");

    // The application deliberately disagrees with the certificate: the act must print the certificate.
    private static readonly Application Application = new()
    {
        Number = "2026-000042",
        Surname = "Петров",
        GivenName = "Пётр",
        Snils = "99999999999",
        Inn = "000000000000",
    };

    private IssuedCertificate Issue(IdentificationKind kind)
    {
        var key = KeyPairFactory.Generate(KeySpec.Gost256);
        return new CertificateIssuer(fixture.Time).Issue(fixture.Issuing, new IssuanceRequest(
            SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public), TestSubjects.Person(), TestSubjects.Profile(), kind));
    }

    private static ActFactory FactoryAt(DateTimeOffset now) => new(new FakeTimeProvider(now));

    [Fact]
    public void Act_holds_the_owner_and_identifiers_as_the_certificate_has_them()
    {
        var issued = Issue(IdentificationKind.InPerson);

        var act = FactoryAt(PkiFixture.Start).Create(Application, issued.Der, fixture.Issuing.Certificate.GetEncoded(), "Оператор Демо", Verification);

        Assert.Equal("2026-000042", act.Number);
        Assert.Equal("Иванов", act.Owner.Surname);
        Assert.Equal("Иван Иванович", act.Owner.GivenName);
        Assert.Equal(TestSubjects.Snils, act.Owner.Snils);
        Assert.Equal(TestSubjects.Inn, act.Owner.Inn);
        Assert.Equal("ivanov@example.ru", act.Owner.Email);
        Assert.Equal("г. Москва", act.Owner.Address?.Locality);
        Assert.Equal(issued.Certificate.SerialNumber.ToString(16).ToUpperInvariant(), act.Certificate.SerialNumber);
        Assert.Equal("Оператор Демо", act.OperatorName);
        Assert.Equal(Verification, act.VerificationUrl);
    }

    [Fact]
    public void Algorithms_usages_and_qualified_extensions_are_read_from_the_certificate()
    {
        var issued = Issue(IdentificationKind.EsiaEbs);

        var certificate = FactoryAt(PkiFixture.Start).Create(Application, issued.Der, fixture.Issuing.Certificate.GetEncoded(), "Оператор Демо", Verification).Certificate;

        Assert.Equal("1.2.643.7.1.1.1.1", certificate.PublicKeyAlgorithm.Value);
        Assert.Equal("1.2.643.7.1.2.1.1.1", certificate.PublicKeyParameters.Value);
        Assert.Equal("1.2.643.7.1.1.3.2", certificate.SignatureAlgorithm.Value);
        Assert.Equal(["цифровая подпись", "неотрекаемость", "шифрование ключей", "согласование ключей"], certificate.KeyUsages);
        Assert.Equal(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"], certificate.ExtendedKeyUsages.Select(o => o.Value));
        Assert.Equal(IdentificationKind.EsiaEbs, certificate.IdentificationKind);
        Assert.Equal(CertificateProfile.DefaultSigningToolClasses, certificate.SigningToolClasses);
        Assert.Equal(TestSubjects.Profile().SubjectSignTool, certificate.SubjectSignTool);
        Assert.False(string.IsNullOrEmpty(certificate.PublicKey));
        Assert.Equal(40, certificate.Sha1Thumbprint?.Length);
        Assert.Equal(64, certificate.StreebogThumbprint?.Length);
        Assert.True(certificate.PrivateKeyNotAfter <= certificate.NotAfter);
    }

    [Fact]
    public void Act_is_dated_by_the_moscow_calendar()
    {
        var issued = Issue(IdentificationKind.InPerson);

        // 22:30 UTC is already the next day in Moscow.
        var act = FactoryAt(new DateTimeOffset(2026, 3, 2, 22, 30, 0, TimeSpan.Zero))
            .Create(Application, issued.Der, fixture.Issuing.Certificate.GetEncoded(), "Оператор Демо", Verification);

        Assert.Equal(new DateOnly(2026, 3, 3), act.Date);
    }

    [Fact]
    public void Act_made_from_an_issued_certificate_renders_to_pdf()
    {
        var issued = Issue(IdentificationKind.InPerson);
        var act = FactoryAt(PkiFixture.Start).Create(Application, issued.Der, fixture.Issuing.Certificate.GetEncoded(), "Оператор Демо", Verification);

        var pdf = new ActRenderer(new FakeTimeProvider(PkiFixture.Start)).Render(act);

        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
    }
}
