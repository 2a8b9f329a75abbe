namespace KepOffice.Pki.Authority;

/// <summary>Subject name of a CA certificate (C is always «RU»).</summary>
/// <param name="CommonName">CN, e.g. «УЦ ООО "Ромашка"».</param>
/// <param name="Organization">O.</param>
public sealed record CaName(string CommonName, string Organization)
{
    /// <summary>ОГРН of the CA operator (13 digits), optional.</summary>
    public string? Ogrn { get; init; }

    /// <summary>ИНН of the CA operator (10 digits), optional.</summary>
    public string? InnLe { get; init; }

    /// <summary>Субъект РФ (ST), optional.</summary>
    public string? Region { get; init; }

    /// <summary>Населённый пункт (L), optional.</summary>
    public string? Locality { get; init; }

    /// <summary>Street address, optional.</summary>
    public string? Street { get; init; }

    /// <summary>E-mail of the CA, optional.</summary>
    public string? Email { get; init; }
}
