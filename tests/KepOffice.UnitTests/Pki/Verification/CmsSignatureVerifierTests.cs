using KepOffice.Pki.Csr;
using KepOffice.Pki.Export;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Profiles;
using KepOffice.Pki.Verification;
using KepOffice.UnitTests.Pki.Support;
using Microsoft.Extensions.Time.Testing;

namespace KepOffice.UnitTests.Pki.Verification;

[Collection(PkiCollection.Name)]
public sealed class CmsSignatureVerifierTests(PkiFixture fixture)
{
    [Theory]
    [InlineData("gost2012_256", "paramset:A")]
    [InlineData("gost2012_256", "paramset:TCA")]
    [InlineData("gost2012_512", "paramset:A")]
    public void Openssl_gost_cms_made_with_our_certificate_verifies(string algorithm, string paramSet)
    {
        var ossl = fixture.OpenSsl;
        ossl.EnsureGostAvailable();
        var name = $"cms-{algorithm}-{paramSet.Replace(':', '-')}";
        var key = ossl.PathOf(name + ".key");
        ossl.RunOk("genpkey", "-algorithm", algorithm, "-pkeyopt", paramSet, "-out", key);
        ossl.RunOk("req", "-new", "-utf8", "-key", key, "-subj", "/CN=Иванов/SN=Иванов/GN=Иван Иванович/SNILS=11223344595/INN=500100732259/C=RU", "-outform", "DER", "-out", ossl.PathOf(name + ".csr"));
        var csr = new CsrValidator(new CsrPolicy()).Validate(File.ReadAllBytes(ossl.PathOf(name + ".csr")), null);
        var issued = new CertificateIssuer(fixture.Time).Issue(fixture.Issuing,
            new IssuanceRequest(csr.PublicKey, TestSubjects.Person(), TestSubjects.Profile(), IdentificationKind.InPerson));
        var cert = ossl.Write(name + ".pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(issued.Certificate)));
        var content = ossl.Write(name + ".txt", "Заявление на выдачу сертификата, тестовая подпись"u8.ToArray());

        ossl.RunOk("cms", "-sign", "-binary", "-in", content, "-signer", cert, "-inkey", key, "-outform", "DER", "-out", ossl.PathOf(name + ".p7s"));
        ossl.RunOk("cms", "-sign", "-binary", "-nodetach", "-in", content, "-signer", cert, "-inkey", key, "-outform", "PEM", "-out", ossl.PathOf(name + "-attached.p7m"));

        var verifier = new CmsSignatureVerifier(new FakeTimeProvider(PkiFixture.Start.AddDays(1)));
        var detached = verifier.VerifyDetached(File.ReadAllBytes(ossl.PathOf(name + ".p7s")), File.ReadAllBytes(content), fixture.Issuing.Chain, null);
        Assert.True(detached.IsValid, string.Join("\n", detached.Findings));
        var signer = Assert.Single(detached.Signers);
        Assert.True(signer.SignatureValid);
        Assert.NotNull(signer.SigningTime);
        Assert.Contains(detached.Findings, f => f.Message.StartsWith("Подпись «Иванов Иван Иванович» верна"));

        var attached = verifier.VerifyAttached(File.ReadAllBytes(ossl.PathOf(name + "-attached.p7m")), fixture.Issuing.Chain, null);
        Assert.True(attached.IsValid, string.Join("\n", attached.Findings));

        var changed = File.ReadAllBytes(content);
        changed[0] ^= 1;
        var tampered = verifier.VerifyDetached(File.ReadAllBytes(ossl.PathOf(name + ".p7s")), changed, fixture.Issuing.Chain, null);
        Assert.False(tampered.IsValid);
        Assert.Contains(tampered.Findings, f => f.Message == "Подпись «Иванов Иван Иванович» неверна: файл изменён после подписания или подпись повреждена.");
    }

    [Fact]
    public void Garbage_and_missing_content_are_reported()
    {
        var verifier = new CmsSignatureVerifier(new FakeTimeProvider(PkiFixture.Start));
        var garbage = verifier.VerifyDetached([0x30, 0x80, 1, 2, 3], [1], fixture.Issuing.Chain, null);
        Assert.False(garbage.IsValid);
        Assert.Equal("Файл подписи повреждён или не является подписью CMS (PKCS#7).", Assert.Single(garbage.Findings).Message);
    }
}
