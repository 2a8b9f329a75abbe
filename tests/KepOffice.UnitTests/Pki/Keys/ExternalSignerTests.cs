using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Authority;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Keys;
using KepOffice.Pki.Profiles;
using KepOffice.Pki.Revocation;
using KepOffice.UnitTests.Pki.Support;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace KepOffice.UnitTests.Pki.Keys;

/// <summary>The HSM seam: issuance and CRLs work with any ICaSigner, not only the software one.</summary>
[Collection(PkiCollection.Name)]
public sealed class ExternalSignerTests(PkiFixture fixture)
{
    private sealed class CountingSigner(AsymmetricCipherKeyPair keyPair) : ICaSigner
    {
        public int Calls { get; private set; }

        public KeySpec KeySpec => KeySpec.Gost256;

        public AsymmetricKeyParameter PublicKey => keyPair.Public;

        public byte[] Sign(ReadOnlySpan<byte> data)
        {
            Calls++;
            var signer = SignerUtilities.GetSigner("GOST3411-2012-256WITHECGOST3410-2012-256");
            signer.Init(true, keyPair.Private);
            signer.BlockUpdate(data);
            return signer.GenerateSignature();
        }
    }

    private sealed class SingleKeyProvider(ICaSigner signer) : ICaKeyProvider
    {
        public Task<ICaSigner> GenerateAsync(string keyId, KeySpec spec, CancellationToken cancellationToken = default) => Task.FromResult(signer);

        public Task<ICaSigner> GetSignerAsync(string keyId, CancellationToken cancellationToken = default) => Task.FromResult(signer);
    }

    [Fact]
    public async Task Issuance_and_crl_go_through_a_custom_signer()
    {
        var signer = new CountingSigner(KeyPairFactory.Generate(KeySpec.Gost256));
        var ca = await new CertificateAuthorityFactory(fixture.Time).CreateIssuingAsync(
            new CaCreationRequest("hsm", new CaName("УЦ на HSM", "ООО")) { ValidityYears = 5 }, fixture.Root, new SingleKeyProvider(signer));
        var issued = new CertificateIssuer(fixture.Time).Issue(ca, new IssuanceRequest(
            SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(KeyPairFactory.Generate(KeySpec.Gost256).Public),
            TestSubjects.Person(), TestSubjects.Profile(), IdentificationKind.EsiaEbs));
        issued.Certificate.Verify(signer.PublicKey);
        var crl = new X509Crl(new CrlGenerator(fixture.Time).Generate(ca, new CrlRequest(BigInteger.One, TimeSpan.FromHours(12)), []));
        crl.Verify(signer.PublicKey);
        Assert.Equal(2, signer.Calls);
    }

    [Fact]
    public void Options_refuse_an_empty_passphrase()
    {
        var options = new KepOffice.Pki.PkiOptions();
        Assert.Throws<InvalidOperationException>(options.CreateSoftwareKeyProvider);
        Assert.Empty(options.Profiles);
        Assert.Equal(15, new KepOffice.Pki.Profiles.CertificateProfile().ValidityMonths);
    }
}
