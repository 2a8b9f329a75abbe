namespace KepOffice.Pki.Algorithms;

/// <summary>Elliptic-curve parameter sets for GOST R 34.10-2012 keys (RFC 9215).</summary>
public enum GostParameterSet
{
    /// <summary>TC26 256-bit set A (1.2.643.7.1.2.1.1.1), the default for new 256-bit keys.</summary>
    Tc26_256_A,

    /// <summary>TC26 256-bit set B (1.2.643.7.1.2.1.1.2).</summary>
    Tc26_256_B,

    /// <summary>TC26 256-bit set C (1.2.643.7.1.2.1.1.3).</summary>
    Tc26_256_C,

    /// <summary>TC26 256-bit set D (1.2.643.7.1.2.1.1.4).</summary>
    Tc26_256_D,

    /// <summary>TC26 512-bit set A (1.2.643.7.1.2.1.2.1), the default for new 512-bit keys.</summary>
    Tc26_512_A,

    /// <summary>TC26 512-bit set B (1.2.643.7.1.2.1.2.2).</summary>
    Tc26_512_B,

    /// <summary>TC26 512-bit set C (1.2.643.7.1.2.1.2.3).</summary>
    Tc26_512_C,

    /// <summary>CryptoPro set A (1.2.643.2.2.35.1): accepted in requests, not used for new CA keys.</summary>
    CryptoProA,

    /// <summary>CryptoPro XchA (1.2.643.2.2.36.0): accepted in requests, not used for new CA keys.</summary>
    CryptoProXchA,
}
