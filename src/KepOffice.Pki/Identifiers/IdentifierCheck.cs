namespace KepOffice.Pki.Identifiers;

/// <summary>
/// Outcome of checking a Russian identifier: either the normalized value (digits only) or an
/// operator-readable Russian error that names the field.
/// </summary>
public sealed record IdentifierCheck
{
    private IdentifierCheck(string field, string? value, string? error)
    {
        Field = field;
        Value = value;
        Error = error;
    }

    /// <summary>Russian name of the checked field, e.g. «СНИЛС».</summary>
    public string Field { get; }

    /// <summary>Normalized value (spaces and dashes removed, or canonical form); null when invalid.</summary>
    public string? Value { get; }

    /// <summary>Russian error message that starts with the field name; null when valid.</summary>
    public string? Error { get; }

    /// <summary>True when the identifier passed every rule.</summary>
    public bool IsValid => Error is null;

    /// <summary>Returns the normalized value or throws <see cref="ArgumentException"/> with the Russian message.</summary>
    public string GetValueOrThrow() => Value ?? throw new ArgumentException(Error);

    internal static IdentifierCheck Valid(string field, string value) => new(field, value, null);

    internal static IdentifierCheck Invalid(string field, string reason) => new(field, null, $"{field}: {reason}");
}
