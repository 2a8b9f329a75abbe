using KepOffice.Pki.Authority;
using KepOffice.Pki.Export;
using KepOffice.Pki.Keys;
using KepOffice.UnitTests.Pki.Support;
using Org.BouncyCastle.Asn1.X509;

namespace KepOffice.UnitTests.Pki.Authority;

[Collection(PkiCollection.Name)]
public sealed class CertificateAuthorityFactoryTests(PkiFixture fixture)
{
    [Fact]
    public void Root_and_issuing_ca_have_ca_extensions_and_are_chained()
    {
        Assert.Equal(int.MaxValue, fixture.Root.Certificate.GetBasicConstraints());
        Assert.Equal(0, fixture.Issuing.Certificate.GetBasicConstraints());
        Assert.True(fixture.Issuing.Certificate.GetKeyUsage()![5]);
        fixture.Issuing.Certificate.Verify(fixture.Root.Certificate.GetPublicKey());
        fixture.Root.Certificate.Verify(fixture.Root.Certificate.GetPublicKey());
        Assert.Equal([fixture.Issuing.Certificate, fixture.Root.Certificate], fixture.Issuing.Chain);
        Assert.Equal(PkiFixture.Start.UtcDateTime, fixture.Root.Certificate.NotBefore);
        Assert.NotNull(fixture.Issuing.Certificate.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier));
    }

    [Fact]
    public async Task Issuing_ca_outliving_its_root_is_refused()
    {
        var factory = new CertificateAuthorityFactory(fixture.Time);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.CreateIssuingAsync(
            new CaCreationRequest("too-long", new CaName("Долгий УЦ", "ООО")) { ValidityYears = 20 }, fixture.Root, fixture.Keys));
        Assert.Contains("вышестоящего УЦ", error.Message);
    }

    [Fact]
    public async Task Export_and_import_pkcs12_round_trip()
    {
        var pfx = await CertificateAuthorityFactory.ExportPkcs12Async(fixture.Issuing, "issuing", fixture.Keys, "Backup-2026");
        var otherStore = new SoftwareCaKeyProvider(Path.Combine(fixture.Directory, "imported-" + Guid.NewGuid().ToString("N")), "other passphrase", iterations: 1000);
        var imported = await CertificateAuthorityFactory.ImportPkcs12Async(pfx, "Backup-2026", "issuing-imported", otherStore);
        Assert.Equal(fixture.Issuing.Certificate, imported.Certificate);
        Assert.Equal([fixture.Root.Certificate], imported.Issuers);
        var reopened = await otherStore.GetSignerAsync("issuing-imported");
        Assert.Equal(fixture.Issuing.Signer.KeySpec, reopened.KeySpec);

        await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(() =>
            CertificateAuthorityFactory.ImportPkcs12Async(pfx, "wrong", "x", otherStore));
    }

    [Fact]
    public void Signer_must_match_the_certificate()
    {
        Assert.Throws<ArgumentException>(() => new CertificateAuthority(fixture.Issuing.Certificate, [], fixture.Root.Signer));
    }

    [Fact]
    public void P7b_and_pem_exports_are_read_by_openssl()
    {
        var ossl = fixture.OpenSsl;
        ossl.EnsureGostAvailable();
        var p7b = ossl.Write("chain.p7b", CertificateExport.ToP7b(fixture.Issuing.Chain));
        var output = ossl.RunOk("pkcs7", "-inform", "DER", "-in", p7b, "-print_certs", "-noout");
        Assert.Contains("OGRN = 1027700132195", output);
        Assert.Equal(2, output.Split("subject=").Length - 1);
        var pem = CertificateExport.ToPem(fixture.Root.Certificate);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", pem);
        Assert.Equal(fixture.Root.Certificate.GetEncoded(), CertificateExport.ToDer(fixture.Root.Certificate));
        var der = ossl.Write("root.cer", CertificateExport.ToDer(fixture.Root.Certificate));
        ossl.RunOk("x509", "-inform", "DER", "-in", der, "-noout");
    }
}
