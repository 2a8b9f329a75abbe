using System.Globalization;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Asn1;
using KepOffice.Pki.Identifiers;
using KepOffice.Pki.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace KepOffice.Pki.Verification;

/// <summary>
/// Checks a certificate for an operator: chain to a trusted root, validity period, revocation by CRL,
/// and the qualified-certificate profile. Every result is a finding in plain Russian. Thread-safe.
/// </summary>
public sealed class CertificateVerifier
{
    private const string Format = "Формат";
    private const string Chain = "Цепочка";
    private const string Validity = "Срок действия";
    private const string Revocation = "Отзыв";
    private const string Profile = "Профиль";
    private const string Algorithm = "Алгоритм";
    private static readonly CultureInfo _russian = CultureInfo.GetCultureInfo("ru-RU");

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier that checks validity at <paramref name="timeProvider"/>'s now.</summary>
    public CertificateVerifier(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Verifies <paramref name="certificate"/> (DER or PEM).</summary>
    /// <param name="certificate">The certificate to check.</param>
    /// <param name="caCertificates">The CA chain: issuing CA(s) and the trusted root (the self-signed one is the trust anchor).</param>
    /// <param name="crl">The issuing CA's current CRL (DER or PEM); null to skip revocation (reported as a warning).</param>
    public CertificateReport Verify(byte[] certificate, IReadOnlyList<X509Certificate> caCertificates, byte[]? crl)
    {
        var findings = new List<VerificationFinding>();
        var cert = CertificateReader.TryReadCertificate(certificate);
        if (cert is null)
        {
            findings.Add(new(FindingSeverity.Error, Format, "Файл не является сертификатом X.509 (повреждён или другого формата)."));
            return new CertificateReport(null, RevocationStatus.Unknown, findings);
        }

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var status = RevocationStatus.Unknown;
        try
        {
            var issuer = CheckChain(cert, caCertificates, now, findings);
            CheckValidity(cert, now, findings, "Сертификат");
            status = CheckRevocation(cert, issuer, crl, now, findings);
            CheckAlgorithm(cert, findings);
            CheckProfile(cert, findings);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A certificate can parse as X.509 and still carry extensions that do not decode.
            findings.Add(new(FindingSeverity.Error, Format, "Сертификат содержит повреждённые поля или расширения: проверка прервана."));
        }

        return new CertificateReport(cert, status, findings);
    }

    private static X509Certificate? CheckChain(X509Certificate cert, IReadOnlyList<X509Certificate> cas, DateTime now, List<VerificationFinding> findings)
    {
        X509Certificate? firstIssuer = null;
        var current = cert;
        for (var depth = 0; depth < 8; depth++)
        {
            var issuer = cas.FirstOrDefault(c => c.SubjectDN.Equivalent(current.IssuerDN) && SignedBy(current, c));
            if (issuer is null)
            {
                var named = cas.Any(c => c.SubjectDN.Equivalent(current.IssuerDN));
                findings.Add(new(FindingSeverity.Error, Chain, named
                    ? $"Подпись сертификата «{CommonName(current)}» не подтверждается ключом издателя «{CommonName(current.IssuerDN)}»: сертификат подделан или повреждён."
                    : $"Не найден сертификат издателя «{CommonName(current.IssuerDN)}»: цепочка не строится до доверенного корневого сертификата."));
                return firstIssuer;
            }

            firstIssuer ??= issuer;
            if (issuer.GetBasicConstraints() < 0 || issuer.GetKeyUsage() is { } usage && !usage[5])
            {
                findings.Add(new(FindingSeverity.Error, Chain, $"Сертификат «{CommonName(issuer)}» не является сертификатом УЦ (нет признака CA или права подписи сертификатов)."));
                return firstIssuer;
            }

            if (!ReferenceEquals(issuer, cert))
            {
                CheckValidity(issuer, now, findings, $"Сертификат УЦ «{CommonName(issuer)}»");
            }

            if (issuer.SubjectDN.Equivalent(issuer.IssuerDN) && SignedBy(issuer, issuer))
            {
                findings.Add(new(FindingSeverity.Ok, Chain, $"Цепочка построена до доверенного корневого сертификата «{CommonName(issuer)}»; подписи верны."));
                return firstIssuer;
            }

            current = issuer;
        }

        findings.Add(new(FindingSeverity.Error, Chain, "Цепочка сертификатов слишком длинная или зациклена."));
        return firstIssuer;
    }

    private static bool SignedBy(X509Certificate subject, X509Certificate issuer) =>
        SignatureCheck.Verify(subject.GetTbsCertificate(), subject.CertificateStructure.SignatureAlgorithm, subject.GetSignature(), issuer.SubjectPublicKeyInfo, out _);

    private static void CheckValidity(X509Certificate cert, DateTime now, List<VerificationFinding> findings, string what)
    {
        var period = $"{cert.NotBefore.ToString("dd.MM.yyyy HH:mm", _russian)} – {cert.NotAfter.ToString("dd.MM.yyyy HH:mm", _russian)} UTC";
        if (now < cert.NotBefore)
        {
            findings.Add(new(FindingSeverity.Error, Validity, $"{what} ещё не действует: срок действия {period}."));
        }
        else if (now > cert.NotAfter)
        {
            findings.Add(new(FindingSeverity.Error, Validity, $"{what}: срок действия истёк ({period})."));
        }
        else if (what == "Сертификат")
        {
            findings.Add(new(FindingSeverity.Ok, Validity, $"Сертификат действует: {period}."));
            CheckPrivateKeyPeriod(cert, now, findings);
        }
    }

    private static void CheckPrivateKeyPeriod(X509Certificate cert, DateTime now, List<VerificationFinding> findings)
    {
        var value = cert.GetExtensionValue(X509Extensions.PrivateKeyUsagePeriod);
        if (value is null)
        {
            return;
        }

        var period = PrivateKeyUsagePeriod.GetInstance(Asn1Object.FromByteArray(value.GetOctets()));
        if (period.NotAfter is { } notAfter && notAfter.ToDateTime() < now)
        {
            findings.Add(new(FindingSeverity.Error, Validity,
                $"Срок действия закрытого ключа истёк {notAfter.ToDateTime().ToString("dd.MM.yyyy", _russian)}: ключом больше нельзя подписывать."));
        }
    }

    private static RevocationStatus CheckRevocation(X509Certificate cert, X509Certificate? issuer, byte[]? crlBytes, DateTime now, List<VerificationFinding> findings)
    {
        if (crlBytes is null)
        {
            findings.Add(new(FindingSeverity.Warning, Revocation, "Список отозванных сертификатов (CRL) не передан: статус отзыва не проверен."));
            return RevocationStatus.Unknown;
        }

        var crl = CertificateReader.TryReadCrl(crlBytes);
        if (crl is null)
        {
            findings.Add(new(FindingSeverity.Error, Revocation, "Файл CRL повреждён или имеет другой формат: статус отзыва не проверен."));
            return RevocationStatus.Unknown;
        }

        if (issuer is null || !crl.IssuerDN.Equivalent(cert.IssuerDN)
            || !SignatureCheck.Verify(crl.GetTbsCertList(), crl.CertificateList.SignatureAlgorithm, crl.GetSignature(), issuer.SubjectPublicKeyInfo, out _))
        {
            findings.Add(new(FindingSeverity.Error, Revocation, "CRL выпущен не издателем сертификата или его подпись неверна: статус отзыва не проверен."));
            return RevocationStatus.Unknown;
        }

        if (crl.NextUpdate is { } next && next < now)
        {
            findings.Add(new(FindingSeverity.Warning, Revocation, $"CRL устарел: следующее обновление ожидалось {next.ToString("dd.MM.yyyy HH:mm", _russian)} UTC."));
        }

        var entry = crl.GetRevokedCertificate(cert.SerialNumber);
        if (entry is null)
        {
            findings.Add(new(FindingSeverity.Ok, Revocation, $"Сертификат не отозван (CRL от {crl.ThisUpdate.ToString("dd.MM.yyyy HH:mm", _russian)} UTC)."));
            return RevocationStatus.Good;
        }

        var reasonValue = entry.GetExtensionValue(X509Extensions.ReasonCode);
        var reason = reasonValue is null
            ? RevocationReason.Unspecified
            : (RevocationReason)DerEnumerated.GetInstance(Asn1Object.FromByteArray(reasonValue.GetOctets())).IntValueExact;
        var date = entry.RevocationDate.ToString("dd.MM.yyyy HH:mm", _russian);
        if (reason == RevocationReason.CertificateHold)
        {
            findings.Add(new(FindingSeverity.Error, Revocation, $"Действие сертификата приостановлено с {date} UTC."));
            return RevocationStatus.Suspended;
        }

        findings.Add(new(FindingSeverity.Error, Revocation, $"Сертификат отозван {date} UTC, причина: {ReasonText(reason)}."));
        return RevocationStatus.Revoked;
    }

    private static void CheckAlgorithm(X509Certificate cert, List<VerificationFinding> findings)
    {
        if (!KeySpecs.TryFromSubjectPublicKeyInfo(cert.SubjectPublicKeyInfo, out var spec, out var description))
        {
            findings.Add(new(FindingSeverity.Error, Algorithm, $"Алгоритм ключа {description} не допускается для квалифицированного сертификата."));
        }
        else if (spec.Algorithm == KeyAlgorithm.EcdsaP256)
        {
            findings.Add(new(FindingSeverity.Warning, Algorithm, "Ключ ECDSA P-256: сертификат не может быть квалифицированным (требуется ГОСТ Р 34.10-2012)."));
        }
        else
        {
            findings.Add(new(FindingSeverity.Ok, Algorithm, $"Ключ: {spec}."));
        }

        if (cert.CertificateStructure.SignatureAlgorithm.Parameters is { } parameters && parameters is not DerNull)
        {
            findings.Add(new(FindingSeverity.Warning, Algorithm, "Идентификатор алгоритма подписи содержит параметры, хотя по RFC 9215 они должны отсутствовать."));
        }
    }

    private static void CheckProfile(X509Certificate cert, List<VerificationFinding> findings)
    {
        var before = findings.Count;
        var subject = cert.SubjectDN;
        var isLegalEntity = Has(subject, RuOids.Ogrn) || Has(subject, RuOids.InnLe);
        var isEntrepreneur = Has(subject, RuOids.Ogrnip);
        RequireAttribute(findings, subject, X509Name.Surname, "фамилия (SN)");
        RequireAttribute(findings, subject, X509Name.GivenName, "имя и отчество (GN)");
        RequireAttribute(findings, subject, X509Name.CN, "общее имя (CN)");
        RequireAttribute(findings, subject, X509Name.C, "страна (C)");
        RequireIdentifier(findings, subject, RuOids.Snils, RussianIdentifiers.CheckSnils);
        RequireIdentifier(findings, subject, RuOids.Inn, inn => inn is { Length: 12 } && inn.StartsWith("00", StringComparison.Ordinal)
            ? RussianIdentifiers.CheckLegalEntityInn(inn[2..]) // old certificates carried "00" + INN-10
            : RussianIdentifiers.CheckPersonInn(inn));
        if (isEntrepreneur)
        {
            RequireIdentifier(findings, subject, RuOids.Ogrnip, RussianIdentifiers.CheckOgrnip);
        }

        if (isLegalEntity)
        {
            RequireAttribute(findings, subject, X509Name.O, "организация (O)");
            RequireAttribute(findings, subject, X509Name.T, "должность (T)");
            RequireIdentifier(findings, subject, RuOids.Ogrn, RussianIdentifiers.CheckOgrn);
            RequireIdentifier(findings, subject, RuOids.InnLe, RussianIdentifiers.CheckLegalEntityInn);
        }

        if (cert.GetKeyUsage() is not { } keyUsage || !keyUsage[0])
        {
            findings.Add(new(FindingSeverity.Error, Profile, "Нет расширения «Использование ключа» с правом цифровой подписи."));
        }
        else if (!cert.GetCriticalExtensionOids().Contains(X509Extensions.KeyUsage.Id))
        {
            findings.Add(new(FindingSeverity.Warning, Profile, "Расширение «Использование ключа» должно быть критическим."));
        }

        RequireExtension(findings, cert, RuOids.SubjectSignTool, "средство электронной подписи владельца (subjectSignTool)", FindingSeverity.Error);
        RequireExtension(findings, cert, RuOids.IssuerSignTool, "средства ЭП и УЦ издателя (issuerSignTool)", FindingSeverity.Error);
        RequireExtension(findings, cert, X509Extensions.CertificatePolicies, "политики сертификата (класс средства ЭП)", FindingSeverity.Error);
        RequireExtension(findings, cert, RuOids.IdentificationKind, "способ идентификации заявителя (IdentificationKind)", FindingSeverity.Warning);
        RequireExtension(findings, cert, X509Extensions.CrlDistributionPoints, "точки распространения CRL", FindingSeverity.Warning);
        RequireExtension(findings, cert, X509Extensions.AuthorityKeyIdentifier, "идентификатор ключа издателя", FindingSeverity.Warning);

        if (findings.Skip(before).All(f => f.Severity == FindingSeverity.Ok))
        {
            var kind = isLegalEntity ? "юридического лица" : isEntrepreneur ? "индивидуального предпринимателя" : "физического лица";
            findings.Add(new(FindingSeverity.Ok, Profile, $"Состав сертификата соответствует профилю квалифицированного сертификата {kind}."));
        }
    }

    private static void RequireAttribute(List<VerificationFinding> findings, X509Name subject, DerObjectIdentifier oid, string what)
    {
        if (!Has(subject, oid))
        {
            findings.Add(new(FindingSeverity.Error, Profile, $"В имени владельца нет обязательного атрибута: {what}."));
        }
    }

    private static void RequireIdentifier(List<VerificationFinding> findings, X509Name subject, DerObjectIdentifier oid, Func<string?, IdentifierCheck> check)
    {
        var values = subject.GetValueList(oid);
        var result = check(values.Count > 0 ? values[0] : null);
        if (values.Count == 0)
        {
            findings.Add(new(FindingSeverity.Error, Profile, $"В имени владельца нет обязательного атрибута: {result.Field}."));
        }
        else if (!result.IsValid)
        {
            findings.Add(new(FindingSeverity.Error, Profile, $"{result.Error} (в сертификате «{values[0]}»)."));
        }
    }

    private static void RequireExtension(List<VerificationFinding> findings, X509Certificate cert, DerObjectIdentifier oid, string what, FindingSeverity severity)
    {
        if (cert.GetExtensionValue(oid) is null)
        {
            findings.Add(new(severity, Profile, $"Нет расширения: {what}."));
        }
    }

    private static bool Has(X509Name name, DerObjectIdentifier oid) => name.GetValueList(oid).Count > 0;

    private static string CommonName(X509Certificate cert) => CommonName(cert.SubjectDN);

    private static string CommonName(X509Name name)
    {
        var cn = name.GetValueList(X509Name.CN);
        return cn.Count > 0 ? cn[0] : name.ToString();
    }

    internal static string ReasonText(RevocationReason reason) => reason switch
    {
        RevocationReason.Unspecified => "не указана",
        RevocationReason.KeyCompromise => "компрометация ключа",
        RevocationReason.CACompromise => "компрометация ключа УЦ",
        RevocationReason.AffiliationChanged => "изменились сведения о владельце",
        RevocationReason.Superseded => "заменён новым сертификатом",
        RevocationReason.CessationOfOperation => "прекращение использования",
        RevocationReason.CertificateHold => "приостановлен",
        RevocationReason.RemoveFromCrl => "снят с приостановки",
        RevocationReason.PrivilegeWithdrawn => "отозваны полномочия",
        _ => ((int)reason).ToString(CultureInfo.InvariantCulture),
    };
}
