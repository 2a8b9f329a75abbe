using KepOffice.Pki.Algorithms;

namespace KepOffice.Pki.Csr;

/// <summary>What a CSR may contain (bound from configuration by the host).</summary>
public sealed class CsrPolicy
{
    /// <summary>Largest accepted request, in bytes; checked before any parsing.</summary>
    public int MaxSizeBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Accepted key algorithms and parameter sets; null means <see cref="DefaultAllowedKeys"/>.
    /// (Null rather than a pre-filled list because configuration binding appends to existing list items.)
    /// </summary>
    public List<KeySpec>? AllowedKeys { get; set; }

    /// <summary>GOST 2012 256 (TC26 A–D, CryptoPro A/XchA), GOST 2012 512 (TC26 A–C) and ECDSA P-256.</summary>
    public static IReadOnlyList<KeySpec> DefaultAllowedKeys { get; } =
    [
        KeySpec.Gost256With(GostParameterSet.Tc26_256_A),
        KeySpec.Gost256With(GostParameterSet.Tc26_256_B),
        KeySpec.Gost256With(GostParameterSet.Tc26_256_C),
        KeySpec.Gost256With(GostParameterSet.Tc26_256_D),
        KeySpec.Gost256With(GostParameterSet.CryptoProA),
        KeySpec.Gost256With(GostParameterSet.CryptoProXchA),
        KeySpec.Gost512With(GostParameterSet.Tc26_512_A),
        KeySpec.Gost512With(GostParameterSet.Tc26_512_B),
        KeySpec.Gost512With(GostParameterSet.Tc26_512_C),
        KeySpec.EcdsaP256,
    ];

    internal IReadOnlyList<KeySpec> EffectiveAllowedKeys => AllowedKeys ?? DefaultAllowedKeys;
}
