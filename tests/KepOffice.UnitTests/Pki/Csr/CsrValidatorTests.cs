using System.Security.Cryptography;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Csr;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Profiles;
using KepOffice.UnitTests.Pki.Support;

namespace KepOffice.UnitTests.Pki.Csr;

[Collection(PkiCollection.Name)]
public sealed class CsrValidatorTests(PkiFixture fixture)
{
    private const string Subject = "/CN=Иванов Иван Иванович/SN=Иванов/GN=Иван Иванович/SNILS=11223344595/INN=500100732259/C=RU";

    private static readonly ExpectedApplicant Applicant = new("Иванов", "Иван Иванович", "112-233-445 95", "500100732259");

    private readonly CsrValidator _validator = new(new CsrPolicy());

    private byte[] OpensslCsr(string name, string algorithm, string? paramSet, string subject = Subject, bool der = false)
    {
        var ossl = fixture.OpenSsl;
        ossl.EnsureGostAvailable();
        var key = ossl.PathOf(name + ".key");
        var csr = ossl.PathOf(name + (der ? ".der" : ".csr"));
        var args = new List<string> { "genpkey", "-algorithm", algorithm, "-out", key };
        if (paramSet is not null)
        {
            args.AddRange(["-pkeyopt", paramSet]);
        }

        ossl.RunOk([.. args]);
        ossl.RunOk("req", "-new", "-utf8", "-key", key, "-subj", subject, "-outform", der ? "DER" : "PEM", "-out", csr);
        return File.ReadAllBytes(csr);
    }

    [Theory]
    [InlineData("gost2012_256", "paramset:A", GostParameterSet.CryptoProA)]
    [InlineData("gost2012_256", "paramset:TCA", GostParameterSet.Tc26_256_A)]
    [InlineData("gost2012_256", "paramset:TCB", GostParameterSet.Tc26_256_B)]
    [InlineData("gost2012_512", "paramset:A", GostParameterSet.Tc26_512_A)]
    public void Openssl_gost_csr_is_accepted(string algorithm, string paramSet, GostParameterSet expectedSet)
    {
        var csr = OpensslCsr($"ok-{algorithm}-{paramSet.Replace(':', '-')}", algorithm, paramSet);
        var validated = _validator.Validate(csr, Applicant);
        Assert.Equal(expectedSet, validated.KeySpec.ParameterSet);
        Assert.Equal(64, validated.PublicKeyFingerprint.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(validated.PublicKey.GetDerEncoded())), validated.PublicKeyFingerprint);
    }

    [Fact]
    public void Csr_with_numeric_oids_in_subj_is_accepted()
    {
        var csr = OpensslCsr("oids", "gost2012_256", "paramset:TCA",
            "/CN=Иванов Иван Иванович/2.5.4.4=Иванов/2.5.4.42=Иван Иванович/1.2.643.100.3=11223344595/1.2.643.3.131.1.1=500100732259/C=RU");
        Assert.Equal(GostParameterSet.Tc26_256_A, _validator.Validate(csr, Applicant).KeySpec.ParameterSet);
    }

    [Fact]
    public async Task Der_csr_and_stream_intake_work_and_certificate_keeps_the_requested_key()
    {
        var csr = OpensslCsr("ok-der", "gost2012_256", "paramset:A", der: true);
        var validated = await _validator.ValidateAsync(new MemoryStream(csr), Applicant);
        var issued = new CertificateIssuer(fixture.Time).Issue(fixture.Issuing,
            new IssuanceRequest(validated.PublicKey, TestSubjects.Person(), TestSubjects.Profile(), IdentificationKind.InPerson));
        Assert.Equal(validated.PublicKey.GetDerEncoded(), issued.Certificate.SubjectPublicKeyInfo.GetDerEncoded());
        Assert.Equal(validated.PublicKeyFingerprint, issued.PublicKeyFingerprint);
    }

    [Fact]
    public void Crlf_pem_and_bare_base64_are_accepted()
    {
        var der = OpensslCsr("formats", "gost2012_256", "paramset:A", der: true);
        var base64 = Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks);
        var crlfPem = "\uFEFF-----BEGIN NEW CERTIFICATE REQUEST-----\r\n" + base64.Replace("\n", "\r\n") + "\r\n-----END NEW CERTIFICATE REQUEST-----\r\n";
        Assert.Equal(der, _validator.Validate(System.Text.Encoding.UTF8.GetBytes(crlfPem), Applicant).Der);
        Assert.Equal(der, _validator.Validate(System.Text.Encoding.ASCII.GetBytes(base64), Applicant).Der);
    }

    [Fact]
    public void Tampered_signature_is_refused()
    {
        var der = OpensslCsr("tampered", "gost2012_256", "paramset:A", der: true);
        der[^5] ^= 0x01;
        var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(der, Applicant));
        Assert.Equal("Подпись запроса", error.Field);
        Assert.Contains("подпись неверна", error.Message);
    }

    [Fact]
    public void Tampered_subject_is_refused_by_signature_check()
    {
        var der = OpensslCsr("tampered-subject", "gost2012_256", "paramset:A", der: true);
        var at = der.AsSpan().IndexOf("11223344595"u8);
        der[at] = (byte)'2';
        var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(der, null));
        Assert.Equal("Подпись запроса", error.Field);
    }

    [Fact]
    public void Wrong_snils_and_surname_are_each_named()
    {
        var csr = OpensslCsr("wrong-snils", "gost2012_256", "paramset:A",
            "/CN=Петров/SN=Петров/GN=Иван Иванович/SNILS=08765430300/INN=500100732259/C=RU");
        var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(csr, Applicant));
        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Field == "Фамилия" && e.Message == "Фамилия: в запросе «Петров», в заявлении «Иванов»");
        Assert.Contains(error.Errors, e => e.Field == "СНИЛС" && e.Message == "СНИЛС: в запросе 08765430300, в заявлении 11223344595");
    }

    [Fact]
    public void Invalid_snils_checksum_and_missing_inn_are_reported()
    {
        var csr = OpensslCsr("bad-snils", "gost2012_256", "paramset:A",
            "/CN=Иванов/SN=ИВАНОВ/GN=Иван  Иванович/SNILS=11223344596/C=RU");
        var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(csr, Applicant));
        Assert.Equal(["СНИЛС", "ИНН"], error.Errors.Select(e => e.Field));
        Assert.Equal("СНИЛС: неверное контрольное число (в запросе «11223344596»)", error.Errors[0].Message);
        Assert.Equal("ИНН: отсутствует в запросе", error.Errors[1].Message);
    }

    [Fact]
    public void Rsa_1024_csr_is_refused()
    {
        var ossl = fixture.OpenSsl;
        ossl.EnsureGostAvailable();
        var path = ossl.PathOf("rsa.csr");
        ossl.RunOk("req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", ossl.PathOf("rsa.key"), "-subj", "/CN=RSA", "-out", path);
        var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(File.ReadAllBytes(path), Applicant));
        Assert.Equal("Алгоритм ключа", error.Field);
        Assert.StartsWith("Алгоритм ключа: RSA не допускается", error.Message);
    }

    [Fact]
    public void P256_csr_is_refused_when_policy_allows_only_gost()
    {
        var csr = OpensslCsr("p256", "EC", "ec_paramgen_curve:P-256");
        Assert.Equal(KeySpec.EcdsaP256, _validator.Validate(csr, Applicant).KeySpec);
        var gostOnly = new CsrValidator(new CsrPolicy { AllowedKeys = [KeySpec.Gost256] });
        var error = Assert.Throws<CsrRejectedException>(() => gostOnly.Validate(csr, Applicant));
        Assert.Equal("Алгоритм ключа", error.Field);
        var cryptoPro = Assert.Throws<CsrRejectedException>(() => gostOnly.Validate(OpensslCsr("cp-a", "gost2012_256", "paramset:A"), Applicant));
        Assert.Contains("CryptoPro A", cryptoPro.Message);
    }

    [Fact]
    public void Truncated_der_is_refused()
    {
        var der = OpensslCsr("truncated", "gost2012_256", "paramset:A", der: true);
        foreach (var length in new[] { 1, 10, der.Length / 2, der.Length - 1 })
        {
            var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(der.AsSpan(0, length), Applicant));
            Assert.Equal("Файл запроса", error.Field);
            Assert.Contains("не является запросом на сертификат PKCS#10", error.Message);
        }
    }

    [Fact]
    public void Random_bytes_are_refused()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 4000)];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                bytes[0] = 0x30; // look like a SEQUENCE to reach the ASN.1 parser
            }

            var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(bytes, Applicant));
            Assert.Equal("Файл запроса", error.Field);
        }
    }

    [Fact]
    public async Task Ten_megabyte_file_is_refused_before_parsing()
    {
        var big = new byte[10 * 1024 * 1024];
        big[0] = 0x30;
        var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(big, Applicant));
        Assert.Equal("Файл запроса: размер превышает допустимые 64 КиБ", error.Message);
        var viaStream = await Assert.ThrowsAsync<CsrRejectedException>(() => _validator.ValidateAsync(new MemoryStream(big), Applicant));
        Assert.Equal("Файл запроса", viaStream.Field);
    }

    [Fact]
    public void Garbage_pem_and_wrong_pem_label_are_refused()
    {
        Assert.Equal("Файл запроса", Assert.Throws<CsrRejectedException>(() =>
            _validator.Validate("-----BEGIN CERTIFICATE REQUEST-----\n!!!notbase64\n-----END CERTIFICATE REQUEST-----\n"u8, Applicant)).Field);
        var wrongLabel = Assert.Throws<CsrRejectedException>(() =>
            _validator.Validate("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"u8, Applicant));
        Assert.Contains("PRIVATE KEY", wrongLabel.Message);
        Assert.Equal("Файл запроса", Assert.Throws<CsrRejectedException>(() => _validator.Validate(ReadOnlySpan<byte>.Empty, Applicant)).Field);
    }

    [Fact]
    public void Every_single_byte_corruption_is_refused_with_a_csr_error()
    {
        var der = OpensslCsr("fuzz", "gost2012_256", "paramset:A", der: true);
        for (var position = 0; position < der.Length; position += 3)
        {
            var copy = (byte[])der.Clone();
            copy[position] ^= 0x5A;
            var error = Assert.Throws<CsrRejectedException>(() => _validator.Validate(copy, Applicant));
            Assert.False(string.IsNullOrWhiteSpace(error.Field));
        }
    }
}
