using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Asn1;
using KepOffice.Pki.Export;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Profiles;
using KepOffice.UnitTests.Pki.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace KepOffice.UnitTests.Pki.Profiles;

[Collection(PkiCollection.Name)]
public sealed class CertificateIssuerTests(PkiFixture fixture)
{
    private IssuedCertificate IssuePerson(KeySpec spec, IdentificationKind kind = IdentificationKind.InPerson)
    {
        var key = KeyPairFactory.Generate(spec);
        var issuer = new CertificateIssuer(fixture.Time);
        return issuer.Issue(fixture.Issuing, new IssuanceRequest(
            SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public), TestSubjects.Person(), TestSubjects.Profile(), kind));
    }

    [Fact]
    public void Gost_certificate_has_signature_algorithm_without_parameters()
    {
        var issued = IssuePerson(KeySpec.Gost256);
        var structure = X509CertificateStructure.GetInstance(issued.Der);
        Assert.Equal(Convert.FromHexString("300A06082A85030701010302"), structure.SignatureAlgorithm.GetDerEncoded());
        Assert.Equal(Convert.FromHexString("300A06082A85030701010302"), structure.TbsCertificate.Signature.GetDerEncoded());
        issued.Certificate.Verify(fixture.Issuing.Certificate.GetPublicKey());
    }

    [Fact]
    public void Snils_rdn_matches_profile_der()
    {
        var issued = IssuePerson(KeySpec.Gost256);
        var subject = issued.Certificate.SubjectDN.GetDerEncoded();
        var expected = Convert.FromHexString("311630140605 2A85036403120B".Replace(" ", "")).Concat("11223344595"u8.ToArray()).ToArray();
        Assert.True(subject.AsSpan().IndexOf(expected) >= 0, "SNILS RDN bytes not found in subject");
    }

    [Fact]
    public void Subject_attributes_use_profile_string_types()
    {
        var issued = IssuePerson(KeySpec.Gost256);
        var types = Asn1Sequence.GetInstance(issued.Certificate.SubjectDN.ToAsn1Object())
            .Cast<Asn1Set>()
            .Select(set => Asn1Sequence.GetInstance(set[0]))
            .ToDictionary(seq => ((DerObjectIdentifier)seq[0]).Id, seq => seq[1].GetType());
        Assert.Equal(typeof(DerNumericString), types[RuOids.Snils.Id]);
        Assert.Equal(typeof(DerNumericString), types[RuOids.Inn.Id]);
        Assert.Equal(typeof(DerUtf8String), types[X509Name.CN.Id]);
        Assert.Equal(typeof(DerUtf8String), types[X509Name.Surname.Id]);
        Assert.Equal(typeof(DerUtf8String), types[X509Name.GivenName.Id]);
        Assert.Equal(typeof(DerPrintableString), types[X509Name.C.Id]);
        Assert.Equal(typeof(DerIA5String), types[X509Name.EmailAddress.Id]);
    }

    [Fact]
    public void Identification_kind_extension_matches_profile_der()
    {
        var issued = IssuePerson(KeySpec.Gost256, IdentificationKind.InPerson);
        var extension = ExtensionDer(issued, RuOids.IdentificationKind);
        Assert.Equal(Convert.FromHexString("300C06052A8503647204030201 00".Replace(" ", "")), extension);
        var esia = IssuePerson(KeySpec.Gost256, IdentificationKind.EsiaEbs);
        Assert.Equal(Convert.FromHexString("300C06052A85036472040302 0103".Replace(" ", "")), ExtensionDer(esia, RuOids.IdentificationKind));
    }

    [Fact]
    public void Each_profile_extension_has_expected_der()
    {
        var issued = IssuePerson(KeySpec.Gost256);

        // keyUsage critical: digitalSignature, nonRepudiation, keyEncipherment, keyAgreement → bits 0,1,2,4 = 0xE8, 3 unused bits.
        Assert.Equal(Convert.FromHexString("300E0603551D0F0101FF040403020 3E8".Replace(" ", "")), ExtensionDer(issued, X509Extensions.KeyUsage));
        Assert.Equal(Convert.FromHexString("301D0603551D250416301406082B0601050507030206082B06010505070304"), ExtensionDer(issued, X509Extensions.ExtendedKeyUsage));

        var tool = new DerUtf8String(TestSubjects.Profile().SubjectSignTool).GetDerEncoded();
        Assert.Equal(Wrap("06052A8503646F", tool), ExtensionDer(issued, RuOids.SubjectSignTool));

        var ist = TestSubjects.Profile().IssuerSignTool;
        var istSeq = new DerSequence(new DerUtf8String(ist.SigningTool), new DerUtf8String(ist.CaTool),
            new DerUtf8String(ist.SigningToolCertificate), new DerUtf8String(ist.CaToolCertificate)).GetDerEncoded();
        Assert.Equal(0x30, istSeq[0]);
        Assert.Equal(Wrap("06052A85036470", istSeq), ExtensionDer(issued, RuOids.IssuerSignTool));

        // certificatePolicies: КС1 and КС2 → 1.2.643.100.113.1 and .2
        Assert.Equal(
            Convert.FromHexString("301D0603551D2004163014300806062A8503647101300806062A8503647102"),
            ExtensionDer(issued, X509Extensions.CertificatePolicies));

        // privateKeyUsagePeriod: [0] and [1] GeneralizedTime, 15 months apart.
        var from = PkiFixture.Start.UtcDateTime;
        var until = from.AddMonths(15);
        var pkup = new DerSequence(
            new DerTaggedObject(false, 0, new DerGeneralizedTime(from)),
            new DerTaggedObject(false, 1, new DerGeneralizedTime(until))).GetDerEncoded();
        Assert.Equal("3022800F32303236303330323039333030305A810F32303237303630323039333030305A", Convert.ToHexString(pkup));
        Assert.Equal(Wrap("0603551D10", pkup), ExtensionDer(issued, X509Extensions.PrivateKeyUsagePeriod));

        var cdp = "http://ca.example.ru/issuing.crl"u8.ToArray();
        Assert.Equal(
            Wrap("0603551D1F", Concat([0x30, (byte)(cdp.Length + 8), 0x30, (byte)(cdp.Length + 6), 0xA0, (byte)(cdp.Length + 4), 0xA0, (byte)(cdp.Length + 2), 0x86, (byte)cdp.Length], cdp)),
            ExtensionDer(issued, X509Extensions.CrlDistributionPoints));

        var aia = "http://ca.example.ru/issuing.cer"u8.ToArray();
        Assert.Equal(
            Wrap("06082B06010505070101", Concat([0x30, (byte)(aia.Length + 14), 0x30, (byte)(aia.Length + 12), 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02, 0x86, (byte)aia.Length], aia)),
            ExtensionDer(issued, X509Extensions.AuthorityInfoAccess));

        var ski = X509CertificateStructure.GetInstance(fixture.Issuing.Certificate.GetEncoded()).TbsCertificate.Extensions
            .GetExtension(X509Extensions.SubjectKeyIdentifier).GetParsedValue();
        var keyId = ((Asn1OctetString)ski).GetOctets();
        Assert.Equal(Wrap("0603551D23", Concat([0x30, (byte)(keyId.Length + 2), 0x80, (byte)keyId.Length], keyId)), ExtensionDer(issued, X509Extensions.AuthorityKeyIdentifier));
        var ownKeyId = System.Security.Cryptography.SHA1.HashData(issued.Certificate.SubjectPublicKeyInfo.PublicKey.GetBytes());
        Assert.Equal(Wrap("0603551D0E", Concat([0x04, 0x14], ownKeyId)), ExtensionDer(issued, X509Extensions.SubjectKeyIdentifier));
        Assert.Equal(11, X509CertificateStructure.GetInstance(issued.Der).TbsCertificate.Extensions.GetExtensionOids().Length);
    }

    [Fact]
    public void Validity_is_fifteen_months_from_the_injected_clock()
    {
        var issued = IssuePerson(KeySpec.Gost256);
        Assert.Equal(PkiFixture.Start, issued.NotBefore);
        Assert.Equal(PkiFixture.Start.AddMonths(15), issued.NotAfter);
    }

    [Fact]
    public void Serial_numbers_are_positive_and_long()
    {
        var serials = Enumerable.Range(0, 200).Select(_ => SerialNumbers.Next()).ToList();
        Assert.All(serials, s => Assert.True(s.SignValue > 0 && s.BitLength >= 64 && s.BitLength <= 127));
        Assert.Equal(serials.Count, serials.Distinct().Count());
    }

    [Theory]
    [InlineData(SubjectType.NaturalPerson)]
    [InlineData(SubjectType.IndividualEntrepreneur)]
    [InlineData(SubjectType.LegalEntity)]
    public void Missing_required_attributes_are_listed(SubjectType type)
    {
        var key = KeyPairFactory.Generate(KeySpec.EcdsaP256);
        var profile = TestSubjects.Profile();
        profile.SubjectType = type;
        var subject = new CertificateSubject { Surname = "Иванов", Snils = "112-233-445 96" };
        var error = Assert.Throws<SubjectValidationException>(() => new CertificateIssuer(fixture.Time).Issue(fixture.Issuing,
            new IssuanceRequest(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public), subject, profile, IdentificationKind.InPerson)));
        var fields = error.Errors.Select(e => e.Field).ToList();
        Assert.Contains("Имя и отчество", fields);
        Assert.Contains("ИНН", fields);
        Assert.Contains(error.Errors, e => e.Message == "СНИЛС: неверное контрольное число");
        switch (type)
        {
            case SubjectType.NaturalPerson:
                Assert.Equal(3, error.Errors.Count);
                break;
            case SubjectType.IndividualEntrepreneur:
                Assert.Contains("ОГРНИП", fields);
                break;
            case SubjectType.LegalEntity:
                Assert.Contains("Организация", fields);
                Assert.Contains("Должность", fields);
                Assert.Contains("ОГРН", fields);
                Assert.Contains("ИНН ЮЛ", fields);
                Assert.Contains("Адрес (улица, дом)", fields);
                break;
        }
    }

    [Fact]
    public void Legal_entity_certificate_carries_ogrn_and_innle()
    {
        var key = KeyPairFactory.Generate(KeySpec.Gost256);
        var profile = TestSubjects.Profile();
        profile.SubjectType = SubjectType.LegalEntity;
        var subject = TestSubjects.Person();
        subject.Organization = "ПАО Сбербанк";
        subject.Title = "Генеральный директор";
        subject.Ogrn = "1027700132195";
        subject.InnLe = "7707083893";
        subject.Street = "ул. Вавилова, д. 19";
        var issued = new CertificateIssuer(fixture.Time).Issue(fixture.Issuing,
            new IssuanceRequest(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public), subject, profile, IdentificationKind.InPerson));
        var der = issued.Certificate.SubjectDN.GetDerEncoded();
        Assert.True(der.AsSpan().IndexOf(Concat(Convert.FromHexString("06052A85036401120D"), "1027700132195"u8.ToArray())) >= 0);
        Assert.True(der.AsSpan().IndexOf(Concat(Convert.FromHexString("06052A85036404120A"), "7707083893"u8.ToArray())) >= 0);
        Assert.Equal("ПАО Сбербанк", issued.Certificate.SubjectDN.GetValueList(X509Name.CN)[0]);
    }

    [Fact]
    public void Openssl_prints_russian_attributes_and_verifies_the_chain()
    {
        var ossl = fixture.OpenSsl;
        ossl.EnsureGostAvailable();
        var issued = IssuePerson(KeySpec.Gost256);
        var leaf = ossl.Write("leaf-256.pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(issued.Certificate)));
        var root = ossl.Write("root.pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(fixture.Root.Certificate)));
        var issuing = ossl.Write("issuing.pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(fixture.Issuing.Certificate)));
        var text = ossl.RunOk("x509", "-in", leaf, "-noout", "-text", "-nameopt", "utf8,sep_comma_plus");
        Assert.Contains("SNILS=11223344595", text.Replace(" ", ""));
        Assert.Contains("INN=500100732259", text.Replace(" ", ""));
        Assert.Contains("Signing Tool of Subject", text);
        Assert.Contains("Signing Tool of Issuer", text);
        Assert.Contains("SN=Иванов", text.Replace(" = ", "="));
        Assert.Contains("GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)", text);
        Assert.Contains("Private Key Usage Period", text);
        var verify = ossl.RunOk("verify", "-attime", PkiFixture.Start.AddDays(1).ToUnixTimeSeconds().ToString(), "-CAfile", root, "-untrusted", issuing, leaf);
        Assert.Contains("OK", verify);
    }

    [Fact]
    public void Openssl_verifies_gost_512_and_p256_certificates()
    {
        var ossl = fixture.OpenSsl;
        ossl.EnsureGostAvailable();
        var root = ossl.Write("root2.pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(fixture.Root.Certificate)));
        var issuing = ossl.Write("issuing2.pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(fixture.Issuing.Certificate)));
        foreach (var spec in new[] { KeySpec.Gost512, KeySpec.EcdsaP256, KeySpec.Gost256With(GostParameterSet.Tc26_256_B), KeySpec.Gost512With(GostParameterSet.Tc26_512_C) })
        {
            var issued = IssuePerson(spec);
            var leaf = ossl.Write($"leaf-{spec.Algorithm}-{spec.ParameterSet}.pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(issued.Certificate)));
            var verify = ossl.RunOk("verify", "-attime", PkiFixture.Start.AddDays(1).ToUnixTimeSeconds().ToString(), "-CAfile", root, "-untrusted", issuing, leaf);
            Assert.Contains("OK", verify);
        }
    }

    private static byte[] ExtensionDer(IssuedCertificate issued, DerObjectIdentifier oid)
    {
        var extensions = X509CertificateStructure.GetInstance(issued.Der).TbsCertificate.Extensions;
        var extension = extensions.GetExtension(oid) ?? throw new Xunit.Sdk.XunitException($"extension {oid} missing");
        var items = new List<Asn1Encodable> { oid };
        if (extension.IsCritical)
        {
            items.Add(DerBoolean.True);
        }

        items.Add(extension.Value);
        return new DerSequence(items.ToArray()).GetDerEncoded();
    }

    private static byte[] Wrap(string oidTlvHex, byte[] value)
    {
        var oid = Convert.FromHexString(oidTlvHex);
        var octet = new DerOctetString(value).GetDerEncoded();
        return Tlv(0x30, Concat(oid, octet));
    }

    private static byte[] Tlv(byte tag, byte[] content) => content.Length < 128
        ? Concat([tag, (byte)content.Length], content)
        : Concat([tag, 0x81, (byte)content.Length], content);

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
