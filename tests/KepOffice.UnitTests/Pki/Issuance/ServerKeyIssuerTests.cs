using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Export;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Profiles;
using KepOffice.UnitTests.Pki.Support;
using Org.BouncyCastle.Pkcs;

namespace KepOffice.UnitTests.Pki.Issuance;

[Collection(PkiCollection.Name)]
public sealed class ServerKeyIssuerTests(PkiFixture fixture)
{
    [Theory]
    [InlineData("Pin12345", null)]
    [InlineData("пароль2026", null)]
    [InlineData("Pin1234", "PIN-код: не менее 8 символов")]
    [InlineData("", "PIN-код: не менее 8 символов")]
    [InlineData(null, "PIN-код: не менее 8 символов")]
    [InlineData("12345678", "PIN-код: должен содержать и буквы, и цифры")]
    [InlineData("abcdefgh", "PIN-код: должен содержать и буквы, и цифры")]
    [InlineData("abcd 1234", "PIN-код: пробелы и управляющие символы не допускаются")]
    public void Pin_rules(string? pin, string? error) => Assert.Equal(error, ApplicantPin.Check(pin));

    [Fact]
    public void Weak_pin_is_refused_before_a_key_is_made()
    {
        var issuer = new ServerKeyIssuer(new CertificateIssuer(fixture.Time));
        var error = Assert.Throws<ArgumentException>(() =>
            issuer.Issue(fixture.Issuing, TestSubjects.Person(), TestSubjects.Profile(), IdentificationKind.InPerson, "12345678"));
        Assert.StartsWith("PIN-код: должен содержать и буквы, и цифры", error.Message);
    }

    [Fact]
    public void Pkcs12_holds_key_certificate_and_chain_under_the_pin()
    {
        var issuer = new ServerKeyIssuer(new CertificateIssuer(fixture.Time));
        var result = issuer.Issue(fixture.Issuing, TestSubjects.Person(), TestSubjects.Profile(), IdentificationKind.InPerson, "Pin12345");

        var store = new Pkcs12StoreBuilder().Build();
        store.Load(new MemoryStream(result.Pkcs12), "Pin12345".ToCharArray());
        var alias = Assert.Single(store.Aliases, store.IsKeyEntry);
        var chain = store.GetCertificateChain(alias);
        Assert.Equal(3, chain.Length);
        Assert.Equal(result.Certificate.Certificate, chain[0].Certificate);
        Assert.Equal(fixture.Root.Certificate, chain[2].Certificate);
        Assert.Equal(KeySpec.Gost256, new KepOffice.Pki.Keys.SoftwareCaSigner(store.GetKey(alias).Key).KeySpec);

        Assert.ThrowsAny<Exception>(() => new Pkcs12StoreBuilder().Build().Load(new MemoryStream(result.Pkcs12), "Wrong123".ToCharArray()));
    }

    [Fact]
    public void Openssl_opens_the_pkcs12_with_the_pin()
    {
        var ossl = fixture.OpenSsl;
        ossl.EnsureGostAvailable();
        var issuer = new ServerKeyIssuer(new CertificateIssuer(fixture.Time));
        var result = issuer.Issue(fixture.Issuing, TestSubjects.Person(), TestSubjects.Profile(), IdentificationKind.InPerson, "Pin12345");
        var path = ossl.Write("applicant.p12", result.Pkcs12);
        var output = ossl.RunOk("pkcs12", "-in", path, "-passin", "pass:Pin12345", "-nodes");
        Assert.Contains("BEGIN PRIVATE KEY", output);
        Assert.Equal(3, output.Split("BEGIN CERTIFICATE").Length - 1);
        var (code, _) = ossl.Run("pkcs12", "-in", path, "-passin", "pass:Wrong123", "-nodes");
        Assert.NotEqual(0, code);

        // The key that openssl extracted must match the certificate: sign with it and verify with the cert.
        var keyPem = output[output.IndexOf("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal)..];
        keyPem = keyPem[..(keyPem.IndexOf("-----END PRIVATE KEY-----", StringComparison.Ordinal) + 25)];
        var key = ossl.Write("applicant.key", System.Text.Encoding.ASCII.GetBytes(keyPem + "\n"));
        var cert = ossl.Write("applicant.pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(result.Certificate.Certificate)));
        var data = ossl.Write("applicant.txt", "data"u8.ToArray());
        ossl.RunOk("cms", "-sign", "-binary", "-in", data, "-signer", cert, "-inkey", key, "-outform", "DER", "-out", ossl.PathOf("applicant.p7s"));
    }
}
