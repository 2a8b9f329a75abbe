using KepOffice.Pki.Algorithms;

namespace KepOffice.Pki.Csr;

/// <summary>What a CSR may contain (bound from configuration by the host).</summary>
public sealed class CsrPolicy
{
    /// <summary>Largest accepted request, in bytes; checked before any parsing.</summary>
    public int MaxSizeBytes { get; set; } = 64 * 1024;

    /// <summary>Accepted key algorithms and parameter sets.</summary>
    public List<KeySpec> AllowedKeys { get; set; } =
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
}
