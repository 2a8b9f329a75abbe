using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Profiles;
using KepOffice.Pki.Revocation;
using KepOffice.Pki.Verification;
using KepOffice.UnitTests.Pki.Support;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace KepOffice.UnitTests.Pki.Verification;

[Collection(PkiCollection.Name)]
public sealed class CertificateVerifierTests(PkiFixture fixture)
{
    private IssuedCertificate Issue(KeySpec? spec = null) => new CertificateIssuer(fixture.Time).Issue(fixture.Issuing, new IssuanceRequest(
        SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(KeyPairFactory.Generate(spec ?? KeySpec.Gost256).Public),
        TestSubjects.Person(), TestSubjects.Profile(), IdentificationKind.InPerson));

    private byte[] Crl(params RevokedCertificate[] entries) =>
        new CrlGenerator(fixture.Time).Generate(fixture.Issuing, new CrlRequest(BigInteger.One, TimeSpan.FromDays(7)), entries);

    private CertificateVerifier VerifierAt(DateTimeOffset time) => new(new FakeTimeProvider(time));

    [Fact]
    public void Good_certificate_reports_only_ok_findings()
    {
        var issued = Issue();
        var report = VerifierAt(PkiFixture.Start.AddDays(5)).Verify(issued.Der, fixture.Issuing.Chain, Crl());
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Equal(RevocationStatus.Good, report.RevocationStatus);
        Assert.All(report.Findings, f => Assert.Equal(FindingSeverity.Ok, f.Severity));
        Assert.Contains(report.Findings, f => f.Message.StartsWith("Цепочка построена до доверенного корневого сертификата «Тестовый корневой УЦ»"));
        Assert.Contains(report.Findings, f => f.Message == "Состав сертификата соответствует профилю квалифицированного сертификата физического лица.");
    }

    [Fact]
    public void Revoked_certificate_is_reported_with_reason_and_date()
    {
        var issued = Issue();
        var crl = Crl(new RevokedCertificate(issued.Certificate.SerialNumber, new DateTimeOffset(2026, 3, 5, 8, 15, 0, TimeSpan.Zero), RevocationReason.KeyCompromise));
        var report = VerifierAt(PkiFixture.Start.AddDays(5)).Verify(issued.Der, fixture.Issuing.Chain, crl);
        Assert.False(report.IsValid);
        Assert.Equal(RevocationStatus.Revoked, report.RevocationStatus);
        Assert.Contains(report.Findings, f => f.Severity == FindingSeverity.Error && f.Message == "Сертификат отозван 05.03.2026 08:15 UTC, причина: компрометация ключа.");
    }

    [Fact]
    public void Suspended_certificate_is_reported()
    {
        var issued = Issue();
        var crl = Crl(new RevokedCertificate(issued.Certificate.SerialNumber, PkiFixture.Start, RevocationReason.CertificateHold));
        var report = VerifierAt(PkiFixture.Start.AddDays(1)).Verify(issued.Der, fixture.Issuing.Chain, crl);
        Assert.Equal(RevocationStatus.Suspended, report.RevocationStatus);
        Assert.False(report.IsValid);
    }

    [Fact]
    public void Expired_certificate_and_stale_crl_are_reported()
    {
        var issued = Issue();
        var report = VerifierAt(PkiFixture.Start.AddMonths(16)).Verify(issued.Der, fixture.Issuing.Chain, Crl());
        Assert.Contains(report.Findings, f => f.Topic == "Срок действия" && f.Severity == FindingSeverity.Error && f.Message.Contains("срок действия истёк"));
        Assert.Contains(report.Findings, f => f.Topic == "Отзыв" && f.Severity == FindingSeverity.Warning && f.Message.StartsWith("CRL устарел"));
    }

    [Fact]
    public void Missing_crl_is_a_warning_and_foreign_root_breaks_the_chain()
    {
        var issued = Issue();
        var noCrl = VerifierAt(PkiFixture.Start.AddDays(1)).Verify(issued.Der, fixture.Issuing.Chain, null);
        Assert.True(noCrl.IsValid);
        Assert.Contains(noCrl.Findings, f => f.Severity == FindingSeverity.Warning && f.Topic == "Отзыв");

        var onlyRoot = VerifierAt(PkiFixture.Start.AddDays(1)).Verify(issued.Der, [fixture.Root.Certificate], null);
        Assert.False(onlyRoot.IsValid);
        Assert.Contains(onlyRoot.Findings, f => f.Message == "Не найден сертификат издателя «Тестовый УЦ КепОфис»: цепочка не строится до доверенного корневого сертификата.");
    }

    [Fact]
    public void Tampered_certificate_fails_the_signature_check()
    {
        var der = Issue().Der;
        var at = der.AsSpan().IndexOf("11223344595"u8);
        der[at + 10] = (byte)'6';
        var report = VerifierAt(PkiFixture.Start.AddDays(1)).Verify(der, fixture.Issuing.Chain, null);
        Assert.Contains(report.Findings, f => f.Topic == "Цепочка" && f.Message.Contains("подделан или повреждён"));
        Assert.Contains(report.Findings, f => f.Topic == "Профиль" && f.Message.StartsWith("СНИЛС: неверное контрольное число"));
    }

    [Fact]
    public void Foreign_certificate_without_profile_extensions_is_explained()
    {
        // The CA certificate itself lacks the holder attributes and the qualified extensions.
        var report = VerifierAt(PkiFixture.Start.AddDays(1)).Verify(fixture.Issuing.Certificate.GetEncoded(), fixture.Issuing.Chain, null);
        Assert.Contains(report.Findings, f => f.Message == "В имени владельца нет обязательного атрибута: СНИЛС.");
        Assert.Contains(report.Findings, f => f.Message == "Нет расширения: средство электронной подписи владельца (subjectSignTool).");
        var p256 = VerifierAt(PkiFixture.Start.AddDays(1)).Verify(Issue(KeySpec.EcdsaP256).Der, fixture.Issuing.Chain, null);
        Assert.Contains(p256.Findings, f => f.Topic == "Алгоритм" && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void Garbage_input_is_reported_not_thrown()
    {
        var report = VerifierAt(PkiFixture.Start).Verify([0x30, 0x03, 0x01], fixture.Issuing.Chain, [1, 2, 3]);
        Assert.False(report.IsValid);
        Assert.Equal("Файл не является сертификатом X.509 (повреждён или другого формата).", Assert.Single(report.Findings).Message);
        var badCrl = VerifierAt(PkiFixture.Start.AddDays(1)).Verify(Issue().Der, fixture.Issuing.Chain, [1, 2, 3]);
        Assert.Contains(badCrl.Findings, f => f.Topic == "Отзыв" && f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public void Corrupted_certificates_never_throw()
    {
        var der = Issue().Der;
        var verifier = VerifierAt(PkiFixture.Start.AddDays(1));
        for (var position = 0; position < der.Length; position += 23)
        {
            var copy = (byte[])der.Clone();
            copy[position] ^= 0x41;
            var report = verifier.Verify(copy, fixture.Issuing.Chain, null);
            Assert.False(report.IsValid, $"corruption at {position} went unnoticed");
        }
    }
}
