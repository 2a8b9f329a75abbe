namespace KepOffice.Pki.Issuance;

/// <summary>Rules for the PIN that protects a server-generated key in PKCS#12.</summary>
public static class ApplicantPin
{
    /// <summary>Shortest accepted PIN.</summary>
    public const int MinLength = 8;

    /// <summary>
    /// Returns null when the PIN is acceptable, otherwise a Russian message naming the field:
    /// at least <see cref="MinLength"/> characters with both letters and digits, no spaces.
    /// </summary>
    public static string? Check(string? pin)
    {
        if (string.IsNullOrEmpty(pin) || pin.Length < MinLength)
        {
            return $"PIN-код: не менее {MinLength} символов";
        }

        if (pin.Any(char.IsWhiteSpace) || pin.Any(char.IsControl))
        {
            return "PIN-код: пробелы и управляющие символы не допускаются";
        }

        if (!pin.Any(char.IsLetter) || !pin.Any(char.IsDigit))
        {
            return "PIN-код: должен содержать и буквы, и цифры";
        }

        return null;
    }
}
