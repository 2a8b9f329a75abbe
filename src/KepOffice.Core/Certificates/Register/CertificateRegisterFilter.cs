using System.Globalization;
using KepOffice.Core.Protection;
using KepOffice.Pki.Revocation;

namespace KepOffice.Core.Certificates.Register;

/// <summary>One line of the register as the page and the exports show it (no DER, no e-mail).</summary>
public sealed record CertificateRegisterRow(
    string SerialHex,
    string HolderName,
    string? Snils,
    string? ApplicationNumber,
    string CaId,
    DateTime IssuedUtc,
    DateTime NotBeforeUtc,
    DateTime NotAfterUtc,
    CertificateStatus Status,
    DateTime? RevokedAtUtc,
    RevocationReason? RevocationReason,
    string? RevocationComment,
    bool HoldAllowed = false);

/// <summary>
/// The register's filters, shared by the Certificates page and the CSV/XLSX exports so that an export
/// holds exactly what the page lists. Built only through <see cref="TryParse"/>, which names every wrong value.
/// </summary>
public sealed record CertificateRegisterFilter
{
    public const int MaxExpiringWithinDays = 3660;
    public const int MaxSearchLength = 100;

    private CertificateRegisterFilter()
    {
    }

    public static CertificateRegisterFilter All { get; } = new();

    public CertificateStatus? Status { get; private init; }

    /// <summary>Valid certificates whose notAfter falls within this many days from now.</summary>
    public int? ExpiringWithinDays { get; private init; }

    /// <summary>Part of the serial number, the application number, the holder's name or СНИЛС.</summary>
    public string? Search { get; private init; }

    // What a serial, an application number, a name or a СНИЛС is written with; anything else (markup, quotes, semicolons,
    // control characters, the replacement character of broken UTF-8) is refused rather than searched for.
    private static bool IsSearchCharacter(char c) => char.IsLetterOrDigit(c) || c is ' ' or '-' or '.' or '\'' or '’';

    /// <summary>Null when a value is wrong; <paramref name="errors"/> then holds one Russian message per field.</summary>
    public static CertificateRegisterFilter? TryParse(string? status, string? expiringWithinDays, string? search, out Dictionary<string, string[]> errors)
    {
        errors = [];
        CertificateStatus? parsedStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            // Names only: Enum.TryParse would also take "7" and make it a status that does not exist.
            var match = Enum.GetNames<CertificateStatus>().FirstOrDefault(n => string.Equals(n, status.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                errors["status"] = [$"Статус: {string.Join(", ", Enum.GetNames<CertificateStatus>())}."];
            }
            else
            {
                parsedStatus = Enum.Parse<CertificateStatus>(match);
            }
        }

        int? days = null;
        if (!string.IsNullOrWhiteSpace(expiringWithinDays))
        {
            if (int.TryParse(expiringWithinDays.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxExpiringWithinDays)
            {
                days = value;
            }
            else
            {
                errors["expiringWithinDays"] = [$"«Истекает в течение» — целое число дней от 1 до {MaxExpiringWithinDays}."];
            }
        }

        if (days is not null && parsedStatus is not (null or CertificateStatus.Valid))
        {
            errors["expiringWithinDays"] = ["«Истекает в течение» относится только к действующим сертификатам: уберите фильтр по статусу или выберите Valid."];
        }

        var term = search?.Trim();
        if (term?.Length > MaxSearchLength)
        {
            errors["search"] = [$"Строка поиска — не длиннее {MaxSearchLength} символов."];
        }
        else if (term is not null && !term.All(IsSearchCharacter))
        {
            errors["search"] = ["Строка поиска: буквы, цифры, пробел, дефис, точка и апостроф (серийный номер, номер заявления, ФИО или СНИЛС)."];
        }

        return errors.Count > 0
            ? null
            : new CertificateRegisterFilter { Status = parsedStatus, ExpiringWithinDays = days, Search = string.IsNullOrEmpty(term) ? null : term };
    }

    public IQueryable<CertificateRecord> Apply(IQueryable<CertificateRecord> query, DateTimeOffset now, PersonalDataProtection protection)
    {
        if (Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }

        if (ExpiringWithinDays is { } days)
        {
            var from = now.UtcDateTime;
            var to = from.AddDays(days);
            query = query.Where(c => c.Status == CertificateStatus.Valid && c.NotAfterUtc > from && c.NotAfterUtc <= to);
        }

        if (Search is { } term)
        {
            var serial = new string(term.Where(char.IsAsciiHexDigit).ToArray()).ToUpperInvariant();
            var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
            var number = term.ToUpperInvariant();
            // Holder data is encrypted: a name is found by its blind index (the whole name or the surname, any case), a СНИЛС
            // by all 11 digits; serials and application numbers are plain and match in part.
            var name = protection.BlindIndex(BlindIndexField.FullName, term);
            var surname = protection.BlindIndex(BlindIndexField.Surname, term);
            var snils = digits.Length == 11 ? protection.BlindIndex(BlindIndexField.Snils, digits) : null;
            query = query.Where(c => c.HolderNameIndex == name || c.HolderSurnameIndex == surname
                || (serial.Length >= 4 && c.SerialHex.Contains(serial))
                || (c.ApplicationNumber != null && c.ApplicationNumber.ToUpper().Contains(number))
                || (snils != null && c.SnilsIndex == snils));
        }

        return query;
    }

    /// <summary>The filtered register, newest first, projected to what is shown.</summary>
    public IQueryable<CertificateRegisterRow> Rows(IQueryable<CertificateRecord> certificates, DateTimeOffset now, PersonalDataProtection protection) =>
        Apply(certificates, now, protection)
            .OrderByDescending(c => c.IssuedUtc).ThenBy(c => c.SerialHex)
            .Select(c => new CertificateRegisterRow(c.SerialHex, c.HolderName, c.Snils, c.ApplicationNumber, c.CaId, c.IssuedUtc,
                c.NotBeforeUtc, c.NotAfterUtc, c.Status, c.RevokedAtUtc, c.RevocationReason, c.RevocationComment, c.HoldAllowed));
}
