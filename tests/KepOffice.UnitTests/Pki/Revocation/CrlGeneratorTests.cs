using KepOffice.Pki.Export;
using KepOffice.Pki.Revocation;
using KepOffice.UnitTests.Pki.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace KepOffice.UnitTests.Pki.Revocation;

[Collection(PkiCollection.Name)]
public sealed class CrlGeneratorTests(PkiFixture fixture)
{
    private static readonly DateTimeOffset RevokedAt = new(2026, 2, 27, 12, 0, 5, TimeSpan.Zero);

    private byte[] Generate(IEnumerable<RevokedCertificate> entries, long number = 7) =>
        new CrlGenerator(fixture.Time).Generate(fixture.Issuing, new CrlRequest(BigInteger.ValueOf(number), TimeSpan.FromDays(7)), entries);

    [Fact]
    public void Crl_is_parsed_by_bouncycastle_with_reasons_dates_and_extensions()
    {
        var entries = Enum.GetValues<RevocationReason>()
            .Where(r => r != RevocationReason.RemoveFromCrl)
            .Select((r, i) => new RevokedCertificate(BigInteger.ValueOf(1000 + i), RevokedAt.AddMinutes(i), r))
            .ToList();
        var crl = new X509Crl(Generate(entries));

        crl.Verify(fixture.Issuing.Certificate.GetPublicKey());
        Assert.Equal(2, crl.Version);
        Assert.Equal(PkiFixture.Start.UtcDateTime, crl.ThisUpdate);
        Assert.Equal(PkiFixture.Start.AddDays(7).UtcDateTime, crl.NextUpdate!.Value);
        Assert.Equal(fixture.Issuing.Certificate.SubjectDN.GetDerEncoded(), crl.IssuerDN.GetDerEncoded());
        Assert.Equal(Convert.FromHexString("300A06082A85030701010302"), crl.CertificateList.SignatureAlgorithm.GetDerEncoded());
        var number = DerInteger.GetInstance(Asn1Object.FromByteArray(crl.GetExtensionValue(X509Extensions.CrlNumber).GetOctets()));
        Assert.Equal(7, number.IntValueExact);
        Assert.NotNull(crl.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier));

        foreach (var entry in entries)
        {
            var parsed = crl.GetRevokedCertificate(entry.SerialNumber);
            Assert.NotNull(parsed);
            Assert.Equal(entry.RevocationDate.UtcDateTime, parsed.RevocationDate);
            var reason = parsed.GetExtensionValue(X509Extensions.ReasonCode);
            if (entry.Reason == RevocationReason.Unspecified)
            {
                Assert.Null(reason);
            }
            else
            {
                Assert.Equal((int)entry.Reason, DerEnumerated.GetInstance(Asn1Object.FromByteArray(reason!.GetOctets())).IntValueExact);
            }
        }
    }

    [Fact]
    public void Reason_entry_matches_hand_written_der()
    {
        var crl = Generate([new RevokedCertificate(BigInteger.ValueOf(0x0102), RevokedAt, RevocationReason.KeyCompromise)]);
        // SEQUENCE { INTEGER 0102, UTCTime 260227120005Z, SEQUENCE { SEQUENCE { reasonCode, OCTET STRING { ENUMERATED 1 } } } }
        var expected = Convert.FromHexString("302102020102170D3236303232373132303030355A300C300A0603551D1504030A0101");
        Assert.True(crl.AsSpan().IndexOf(expected) > 0);
    }

    [Fact]
    public void Empty_crl_omits_revoked_certificates()
    {
        var crl = new X509Crl(Generate([]));
        crl.Verify(fixture.Issuing.Certificate.GetPublicKey());
        Assert.Null(crl.GetRevokedCertificates());
        var tbs = Asn1Sequence.GetInstance(Asn1Sequence.GetInstance(crl.GetEncoded())[0]);
        Assert.Equal(6, tbs.Count); // version, signature, issuer, thisUpdate, nextUpdate, [0] extensions
    }

    [Fact]
    public void Remove_from_crl_and_non_positive_serial_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Generate([new RevokedCertificate(BigInteger.One, RevokedAt, RevocationReason.RemoveFromCrl)]));
        Assert.Throws<ArgumentException>(() => Generate([new RevokedCertificate(BigInteger.Zero, RevokedAt, RevocationReason.KeyCompromise)]));
    }

    [Fact]
    public void Large_serials_and_dates_after_2049_are_encoded()
    {
        var serial = new BigInteger("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 16);
        var far = new DateTimeOffset(2051, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var crl = new X509Crl(Generate([new RevokedCertificate(serial, far, RevocationReason.Superseded)]));
        Assert.Equal(far.UtcDateTime, crl.GetRevokedCertificate(serial)!.RevocationDate);
    }

    [Fact]
    public void Openssl_verifies_crl_and_lists_revoked_serial()
    {
        var ossl = fixture.OpenSsl;
        ossl.EnsureGostAvailable();
        var serial = new BigInteger("1A2B3C4D5E6F708192A3B4C5D6E7F801", 16);
        var entries = Enumerable.Range(1, 5000)
            .Select(i => new RevokedCertificate(BigInteger.ValueOf(i * 7919L), RevokedAt, (RevocationReason)(i % 6)))
            .Append(new RevokedCertificate(serial, RevokedAt, RevocationReason.KeyCompromise));
        var crlPath = ossl.Write("issuing.crl", Generate(entries, 42));
        var chain = ossl.Write("crl-ca.pem", System.Text.Encoding.ASCII.GetBytes(CertificateExport.ToPem(fixture.Issuing.Certificate)));

        var verify = ossl.RunOk("crl", "-inform", "DER", "-in", crlPath, "-CAfile", chain, "-noout");
        Assert.Contains("verify OK", verify);
        var text = ossl.RunOk("crl", "-inform", "DER", "-in", crlPath, "-noout", "-text");
        Assert.Contains("Serial Number: 1A2B3C4D5E6F708192A3B4C5D6E7F801", text);
        Assert.Contains("Key Compromise", text);
        Assert.Contains("X509v3 CRL Number: \n                42", text);
        Assert.Contains("Next Update: Mar  9 09:30:00 2026 GMT", text);
    }
}
