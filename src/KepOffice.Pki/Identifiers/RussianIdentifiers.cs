namespace KepOffice.Pki.Identifiers;

/// <summary>
/// Checks the identifiers that go into a qualified certificate (PROFILE.md, "Identifiers"):
/// spaces and dashes are stripped first, then length, digits and the control number are checked.
/// </summary>
public static class RussianIdentifiers
{
    /// <summary>Field name used in messages about СНИЛС.</summary>
    public const string SnilsField = "СНИЛС";

    /// <summary>Field name used in messages about a personal ИНН (12 digits).</summary>
    public const string PersonInnField = "ИНН";

    /// <summary>Field name used in messages about a legal entity's ИНН (10 digits).</summary>
    public const string LegalEntityInnField = "ИНН ЮЛ";

    /// <summary>Field name used in messages about ОГРН.</summary>
    public const string OgrnField = "ОГРН";

    /// <summary>Field name used in messages about ОГРНИП.</summary>
    public const string OgrnipField = "ОГРНИП";

    /// <summary>Field name used in messages about the passport series and number.</summary>
    public const string PassportField = "Паспорт";

    /// <summary>Field name used in messages about the passport issuing unit code.</summary>
    public const string PassportUnitCodeField = "Код подразделения";

    private static readonly int[] _inn10Weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] _inn12FirstWeights = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] _inn12SecondWeights = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    // Numbers up to 001-001-998 were issued before the control number existed.
    private const long SnilsChecksumThreshold = 1001998;

    /// <summary>Checks a СНИЛС (11 digits, control number per the Pension Fund rule).</summary>
    public static IdentifierCheck CheckSnils(string? input)
    {
        if (!TryDigits(SnilsField, input, 11, out var digits, out var failure))
        {
            return failure;
        }

        var number = long.Parse(digits.AsSpan(0, 9), provider: System.Globalization.CultureInfo.InvariantCulture);
        if (number <= SnilsChecksumThreshold)
        {
            return IdentifierCheck.Valid(SnilsField, digits);
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (9 - i);
        }

        var control = sum < 100 ? sum : sum is 100 or 101 ? 0 : sum % 101 % 100;
        var actual = ((digits[9] - '0') * 10) + (digits[10] - '0');
        return control == actual
            ? IdentifierCheck.Valid(SnilsField, digits)
            : IdentifierCheck.Invalid(SnilsField, "неверное контрольное число");
    }

    /// <summary>Checks a natural person's ИНН (12 digits, two control digits).</summary>
    public static IdentifierCheck CheckPersonInn(string? input)
    {
        if (!TryDigits(PersonInnField, input, 12, out var digits, out var failure))
        {
            return failure;
        }

        return WeightedControl(digits, _inn12FirstWeights) == digits[10] - '0'
               && WeightedControl(digits, _inn12SecondWeights) == digits[11] - '0'
            ? IdentifierCheck.Valid(PersonInnField, digits)
            : IdentifierCheck.Invalid(PersonInnField, "неверное контрольное число");
    }

    /// <summary>Checks a legal entity's ИНН (10 digits, one control digit).</summary>
    public static IdentifierCheck CheckLegalEntityInn(string? input)
    {
        if (!TryDigits(LegalEntityInnField, input, 10, out var digits, out var failure))
        {
            return failure;
        }

        return WeightedControl(digits, _inn10Weights) == digits[9] - '0'
            ? IdentifierCheck.Valid(LegalEntityInnField, digits)
            : IdentifierCheck.Invalid(LegalEntityInnField, "неверное контрольное число");
    }

    /// <summary>Checks an ОГРН (13 digits; control = first 12 digits mod 11 mod 10).</summary>
    public static IdentifierCheck CheckOgrn(string? input) => CheckRegistrationNumber(OgrnField, input, 13, 11);

    /// <summary>Checks an ОГРНИП (15 digits; control = first 14 digits mod 13 mod 10).</summary>
    public static IdentifierCheck CheckOgrnip(string? input) => CheckRegistrationNumber(OgrnipField, input, 15, 13);

    /// <summary>
    /// Checks the series and number of an RF passport: 4 + 6 digits (no control number).
    /// The normalized value is the 10 digits without separators.
    /// </summary>
    public static IdentifierCheck CheckPassport(string? input) => TryDigits(PassportField, input, 10, out var digits, out var failure)
        ? IdentifierCheck.Valid(PassportField, digits)
        : failure;

    /// <summary>Checks a passport issuing unit code; the normalized value is «NNN-NNN».</summary>
    public static IdentifierCheck CheckPassportUnitCode(string? input) => TryDigits(PassportUnitCodeField, input, 6, out var digits, out var failure)
        ? IdentifierCheck.Valid(PassportUnitCodeField, $"{digits[..3]}-{digits[3..]}")
        : failure;

    private static IdentifierCheck CheckRegistrationNumber(string field, string? input, int length, int modulus)
    {
        if (!TryDigits(field, input, length, out var digits, out var failure))
        {
            return failure;
        }

        var body = long.Parse(digits.AsSpan(0, length - 1), provider: System.Globalization.CultureInfo.InvariantCulture);
        return body % modulus % 10 == digits[length - 1] - '0'
            ? IdentifierCheck.Valid(field, digits)
            : IdentifierCheck.Invalid(field, "неверное контрольное число");
    }

    private static int WeightedControl(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        return sum % 11 % 10;
    }

    private static bool TryDigits(string field, string? input, int length, out string digits, out IdentifierCheck failure)
    {
        digits = string.Empty;
        failure = null!;
        if (string.IsNullOrWhiteSpace(input))
        {
            failure = IdentifierCheck.Invalid(field, "не заполнен");
            return false;
        }

        var buffer = new System.Text.StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (c is ' ' or '-' or '\u00A0' or '\u2010' or '\u2011' or '\u2013' or '\u2014' or '\t')
            {
                continue;
            }

            if (c is < '0' or > '9')
            {
                failure = IdentifierCheck.Invalid(field, "допускаются только цифры");
                return false;
            }

            buffer.Append(c);
        }

        if (buffer.Length != length)
        {
            failure = IdentifierCheck.Invalid(field, $"должен содержать {length} цифр, указано {buffer.Length}");
            return false;
        }

        digits = buffer.ToString();
        return true;
    }
}
