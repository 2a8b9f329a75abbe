namespace KepOffice.Pki.Algorithms;

/// <summary>Public-key algorithm families the CA issues and accepts.</summary>
public enum KeyAlgorithm
{
    /// <summary>GOST R 34.10-2012 with a 256-bit key, signatures with Streebog-256.</summary>
    Gost2012_256,

    /// <summary>GOST R 34.10-2012 with a 512-bit key, signatures with Streebog-512.</summary>
    Gost2012_512,

    /// <summary>ECDSA on NIST P-256 with SHA-256 (optional, non-qualified use).</summary>
    EcdsaP256,
}
