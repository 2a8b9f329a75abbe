using System.Text;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Asn1;
using KepOffice.Pki.Identifiers;
using KepOffice.Pki.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;

namespace KepOffice.Pki.Csr;

/// <summary>
/// Intake of PKCS#10 requests: size limit, PEM/DER decoding, allowed algorithms, proof of possession and
/// comparison with the applicant. Every refusal is a <see cref="CsrRejectedException"/>; no parser
/// exception escapes. Thread-safe.
/// </summary>
public sealed class CsrValidator
{
    /// <summary>Field name for problems with the file itself.</summary>
    public const string FileField = "Файл запроса";

    /// <summary>Field name for the key algorithm.</summary>
    public const string KeyField = "Алгоритм ключа";

    /// <summary>Field name for the proof of possession.</summary>
    public const string SignatureField = "Подпись запроса";

    private readonly CsrPolicy _policy;

    /// <summary>Creates a validator for <paramref name="policy"/>.</summary>
    public CsrValidator(CsrPolicy policy)
    {
        _policy = policy;
    }

    /// <summary>Reads at most the size limit from <paramref name="input"/> and validates it.</summary>
    public async Task<ValidatedCsr> ValidateAsync(Stream input, ExpectedApplicant? applicant, CancellationToken cancellationToken = default)
    {
        // Read one byte past the limit so an oversized upload is detected without buffering all of it.
        var buffer = new byte[_policy.MaxSizeBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await input.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return Validate(buffer.AsSpan(0, total), applicant);
    }

    /// <summary>Validates a request given as PEM text or DER bytes.</summary>
    public ValidatedCsr Validate(ReadOnlySpan<byte> input, ExpectedApplicant? applicant)
    {
        if (input.Length > _policy.MaxSizeBytes)
        {
            throw new CsrRejectedException(FileField, $"{FileField}: размер превышает допустимые {_policy.MaxSizeBytes / 1024} КиБ");
        }

        if (input.IsEmpty)
        {
            throw new CsrRejectedException(FileField, $"{FileField}: файл пуст");
        }

        var der = Decode(input);
        var request = Parse(der);
        var info = request.GetCertificationRequestInfo();
        var spki = info.SubjectPublicKeyInfo;
        var recognised = KeySpecs.TryFromSubjectPublicKeyInfo(spki, out var spec, out var description);
        if (!recognised || !_policy.EffectiveAllowedKeys.Contains(spec))
        {
            throw new CsrRejectedException(KeyField,
                $"{KeyField}: {(recognised ? spec.ToString() : description)} не допускается; требуется ГОСТ Р 34.10-2012 (256 или 512 бит) с разрешённым набором параметров");
        }

        VerifyProofOfPossession(request, info, spki, spec);
        var subject = info.Subject;
        if (applicant is not null)
        {
            CompareSubject(subject, applicant);
        }

        return new ValidatedCsr(der, spki, spec, subject);
    }

    private static byte[] Decode(ReadOnlySpan<byte> input)
    {
        var start = 0;
        while (start < input.Length && input[start] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or 0xEF or 0xBB or 0xBF)
        {
            start++;
        }

        if (start < input.Length && input[start] == 0x30)
        {
            return input[start..].ToArray();
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(input[start..]);
        }
        catch (DecoderFallbackException ex)
        {
            throw NotARequest(ex);
        }

        const string begin = "-----BEGIN ";
        var body = text;
        var header = text.IndexOf(begin, StringComparison.Ordinal);
        if (header >= 0)
        {
            var headerEnd = text.IndexOf("-----", header + begin.Length, StringComparison.Ordinal);
            var footer = headerEnd < 0 ? -1 : text.IndexOf("-----END ", headerEnd, StringComparison.Ordinal);
            if (footer < 0)
            {
                throw NotARequest(null);
            }

            var label = text[(header + begin.Length)..headerEnd];
            if (label is not ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"))
            {
                throw new CsrRejectedException(FileField, $"{FileField}: ожидался блок «CERTIFICATE REQUEST», получен «{Truncate(label)}»");
            }

            body = text[(headerEnd + 5)..footer];
        }

        // CryptoPro tools also hand out bare Base64 without PEM armour.
        try
        {
            return Convert.FromBase64String(body.Replace("\r", "").Replace("\n", "").Replace(" ", "").Replace("\t", ""));
        }
        catch (FormatException ex)
        {
            throw NotARequest(ex);
        }
    }

    private static CertificationRequest Parse(byte[] der)
    {
        try
        {
            var memory = new MemoryStream(der, writable: false);
            using var stream = new Asn1InputStream(memory, der.Length);
            var obj = stream.ReadObject();
            if (obj is null || memory.Position != der.Length)
            {
                throw NotARequest(null);
            }

            var request = CertificationRequest.GetInstance(obj);
            _ = request.GetCertificationRequestInfo().Subject;
            _ = request.GetCertificationRequestInfo().SubjectPublicKeyInfo.Algorithm;
            return request;
        }
        catch (CsrRejectedException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever BouncyCastle throws on hostile input, the caller only ever sees a CSR refusal.
            throw NotARequest(ex);
        }
    }

    private static void VerifyProofOfPossession(CertificationRequest request, CertificationRequestInfo info, SubjectPublicKeyInfo spki, KeySpec spec)
    {
        var signatureOid = request.SignatureAlgorithm.Algorithm;
        if (!SignatureAlgorithms.TryFromOid(signatureOid, out var signatureAlgorithm) || signatureAlgorithm != spec.Algorithm)
        {
            throw new CsrRejectedException(SignatureField, $"{SignatureField}: алгоритм подписи {signatureOid.Id} не соответствует ключу {spec}");
        }

        bool valid;
        try
        {
            var signer = SignerUtilities.GetSigner(SignatureAlgorithms.BouncyCastleName(spec.Algorithm));
            signer.Init(false, KeySpecs.DecodePublicKey(spki, spec));
            var tbs = info.GetDerEncoded();
            signer.BlockUpdate(tbs, 0, tbs.Length);
            valid = signer.VerifySignature(request.Signature.GetOctets());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CsrRejectedException(SignatureField, $"{SignatureField}: не удалось проверить подпись (повреждённый ключ или подпись)", ex);
        }

        if (!valid)
        {
            throw new CsrRejectedException(SignatureField, $"{SignatureField}: подпись неверна — запрос повреждён или подписан не тем ключом, что в нём указан");
        }
    }

    private static void CompareSubject(X509Name subject, ExpectedApplicant applicant)
    {
        var errors = new List<FieldError>();
        CompareName(errors, "Фамилия", Value(subject, X509Name.Surname), applicant.Surname);
        CompareName(errors, "Имя и отчество", Value(subject, X509Name.GivenName), applicant.GivenName);
        CompareIdentifier(errors, RussianIdentifiers.SnilsField, Value(subject, RuOids.Snils), applicant.Snils, RussianIdentifiers.CheckSnils);
        CompareIdentifier(errors, RussianIdentifiers.PersonInnField, Value(subject, RuOids.Inn), applicant.Inn, RussianIdentifiers.CheckPersonInn);
        if (errors.Count > 0)
        {
            throw new CsrRejectedException(errors);
        }
    }

    private static void CompareName(List<FieldError> errors, string field, string? actual, string? expected)
    {
        if (expected is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(actual))
        {
            errors.Add(new FieldError(field, $"{field}: отсутствует в запросе"));
        }
        else if (NormalizeName(actual) != NormalizeName(expected))
        {
            errors.Add(new FieldError(field, $"{field}: в запросе «{Truncate(actual)}», в заявлении «{expected}»"));
        }
    }

    private static void CompareIdentifier(List<FieldError> errors, string field, string? actual, string? expected, Func<string?, IdentifierCheck> check)
    {
        if (expected is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(actual))
        {
            errors.Add(new FieldError(field, $"{field}: отсутствует в запросе"));
            return;
        }

        var actualCheck = check(actual);
        var expectedValue = check(expected).Value ?? expected;
        if (!actualCheck.IsValid)
        {
            errors.Add(new FieldError(field, $"{actualCheck.Error} (в запросе «{Truncate(actual)}»)"));
        }
        else if (actualCheck.Value != expectedValue)
        {
            errors.Add(new FieldError(field, $"{field}: в запросе {actualCheck.Value}, в заявлении {expectedValue}"));
        }
    }

    private static string? Value(X509Name name, DerObjectIdentifier oid)
    {
        var values = name.GetValueList(oid);
        return values.Count > 0 ? values[0] : null;
    }

    private static string NormalizeName(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .ToUpperInvariant().Replace('Ё', 'Е');

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";

    private static CsrRejectedException NotARequest(Exception? inner) =>
        new(FileField, $"{FileField}: не является запросом на сертификат PKCS#10 (файл повреждён, обрезан или другого формата)", inner);
}
