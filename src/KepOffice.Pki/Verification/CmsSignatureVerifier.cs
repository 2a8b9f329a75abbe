using System.Globalization;
using KepOffice.Pki.Algorithms;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Verification;

/// <summary>
/// Verifies CMS SignedData made by the applicant's "test signing" (CryptoPro, openssl cms): detached or
/// attached, GOST R 34.10-2012 with Streebog or ECDSA P-256, then checks each signer's certificate.
/// </summary>
public sealed class CmsSignatureVerifier
{
    private const string Signature = "Подпись";
    private readonly CertificateVerifier _certificates;

    /// <summary>Creates the verifier; certificate checks use <paramref name="timeProvider"/>'s now.</summary>
    public CmsSignatureVerifier(TimeProvider timeProvider)
    {
        _certificates = new CertificateVerifier(timeProvider);
    }

    /// <summary>Verifies a detached signature (DER or PEM «PKCS7»/«CMS») over <paramref name="content"/>.</summary>
    public CmsReport VerifyDetached(byte[] signature, byte[] content, IReadOnlyList<X509Certificate> caCertificates, byte[]? crl) =>
        Verify(signature, content, caCertificates, crl);

    /// <summary>Verifies an attached signature (the content travels inside the CMS).</summary>
    public CmsReport VerifyAttached(byte[] signature, IReadOnlyList<X509Certificate> caCertificates, byte[]? crl) =>
        Verify(signature, null, caCertificates, crl);

    private CmsReport Verify(byte[] signature, byte[]? detachedContent, IReadOnlyList<X509Certificate> caCertificates, byte[]? crl)
    {
        var findings = new List<VerificationFinding>();
        var signers = new List<CmsSignerResult>();
        CmsSignedData signedData;
        try
        {
            var der = CertificateReader.PemOrDer(signature, "PKCS7") ?? CertificateReader.PemOrDer(signature, "CMS")
                ?? throw new CmsException("not CMS");
            signedData = detachedContent is null
                ? new CmsSignedData(der)
                : new CmsSignedData(new CmsProcessableByteArray(detachedContent), der);
            _ = signedData.GetSignerInfos().Count;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            findings.Add(new(FindingSeverity.Error, Signature, "Файл подписи повреждён или не является подписью CMS (PKCS#7)."));
            return new CmsReport(signers, findings);
        }

        if (detachedContent is null && signedData.SignedContent is null)
        {
            findings.Add(new(FindingSeverity.Error, Signature, "Подпись отсоединённая: для проверки нужен подписанный файл."));
            return new CmsReport(signers, findings);
        }

        try
        {
            var certificates = signedData.GetCertificates().EnumerateMatches(null).ToList();
            foreach (var signer in signedData.GetSignerInfos().GetSigners())
            {
                var certificate = certificates.FirstOrDefault(c => signer.SignerID.Match(c));
                if (certificate is null)
                {
                    findings.Add(new(FindingSeverity.Error, Signature, "В подписи нет сертификата подписанта: проверить подпись невозможно."));
                    signers.Add(new CmsSignerResult(null, false, null, null));
                    continue;
                }

                var valid = VerifySigner(signer, certificate);
                var owner = certificate.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.CN).FirstOrDefault() ?? certificate.SubjectDN.ToString();
                var signingTime = SigningTime(signer);
                findings.Add(valid
                    ? new(FindingSeverity.Ok, Signature, $"Подпись «{owner}» верна{(signingTime is { } t ? $", время подписи {t.ToString("dd.MM.yyyy HH:mm", CultureInfo.GetCultureInfo("ru-RU"))} UTC" : string.Empty)}.")
                    : new(FindingSeverity.Error, Signature, $"Подпись «{owner}» неверна: файл изменён после подписания или подпись повреждена."));
                var report = _certificates.Verify(certificate.GetEncoded(), caCertificates, crl);
                findings.AddRange(report.Findings);
                signers.Add(new CmsSignerResult(certificate, valid, signingTime, report));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            findings.Add(new(FindingSeverity.Error, Signature, "Файл подписи содержит повреждённые данные (сертификаты или атрибуты подписанта)."));
            return new CmsReport(signers, findings);
        }

        if (signers.Count == 0)
        {
            findings.Add(new(FindingSeverity.Error, Signature, "В файле подписи нет ни одной подписи."));
        }

        return new CmsReport(signers, findings);
    }

    private static bool VerifySigner(SignerInformation signer, X509Certificate certificate)
    {
        try
        {
            // The key is decoded by KeySpecs because BouncyCastle cannot read RFC 9215 GOST key parameters.
            if (!KeySpecs.TryFromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo, out var spec, out _))
            {
                return false;
            }

            return signer.Verify(KeySpecs.DecodePublicKey(certificate.SubjectPublicKeyInfo, spec));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static DateTimeOffset? SigningTime(SignerInformation signer)
    {
        var attribute = signer.SignedAttributes?[CmsAttributes.SigningTime];
        if (attribute is null || attribute.AttrValues.Count == 0)
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(Time.GetInstance(attribute.AttrValues[0]).ToDateTime(), TimeSpan.Zero);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
