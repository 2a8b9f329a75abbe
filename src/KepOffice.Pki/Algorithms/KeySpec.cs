using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Rosstandart;

namespace KepOffice.Pki.Algorithms;

/// <summary>
/// A key algorithm together with its curve parameter set (ignored for P-256).
/// Use the static members for the combinations the CA supports.
/// </summary>
public readonly record struct KeySpec(KeyAlgorithm Algorithm, GostParameterSet ParameterSet)
{
    /// <summary>GOST R 34.10-2012 256-bit, TC26 set A: the default for qualified certificates.</summary>
    public static KeySpec Gost256 => new(KeyAlgorithm.Gost2012_256, GostParameterSet.Tc26_256_A);

    /// <summary>GOST R 34.10-2012 512-bit, TC26 set A.</summary>
    public static KeySpec Gost512 => new(KeyAlgorithm.Gost2012_512, GostParameterSet.Tc26_512_A);

    /// <summary>ECDSA P-256.</summary>
    public static KeySpec EcdsaP256 => new(KeyAlgorithm.EcdsaP256, default);

    /// <summary>Creates a GOST 256-bit spec with the given TC26 set (A–D) or a CryptoPro set.</summary>
    public static KeySpec Gost256With(GostParameterSet set) => new(KeyAlgorithm.Gost2012_256, set);

    /// <summary>Creates a GOST 512-bit spec with the given TC26 set (A–C).</summary>
    public static KeySpec Gost512With(GostParameterSet set) => new(KeyAlgorithm.Gost2012_512, set);

    /// <summary>True when the parameter set matches the key size (e.g. a 512-bit set for a 512-bit key).</summary>
    public bool IsConsistent => Algorithm switch
    {
        KeyAlgorithm.EcdsaP256 => true,
        KeyAlgorithm.Gost2012_256 => ParameterSet is GostParameterSet.Tc26_256_A or GostParameterSet.Tc26_256_B
            or GostParameterSet.Tc26_256_C or GostParameterSet.Tc26_256_D
            or GostParameterSet.CryptoProA or GostParameterSet.CryptoProXchA,
        KeyAlgorithm.Gost2012_512 => ParameterSet is GostParameterSet.Tc26_512_A or GostParameterSet.Tc26_512_B
            or GostParameterSet.Tc26_512_C,
        _ => false,
    };

    /// <summary>Human-readable name for reports, e.g. «ГОСТ Р 34.10-2012 256 (TC26 A)».</summary>
    public override string ToString() => Algorithm switch
    {
        KeyAlgorithm.EcdsaP256 => "ECDSA P-256",
        KeyAlgorithm.Gost2012_256 => $"ГОСТ Р 34.10-2012 256 ({ParameterSetName(ParameterSet)})",
        KeyAlgorithm.Gost2012_512 => $"ГОСТ Р 34.10-2012 512 ({ParameterSetName(ParameterSet)})",
        _ => Algorithm.ToString(),
    };

    internal DerObjectIdentifier ParameterSetOid => ParameterSet switch
    {
        GostParameterSet.Tc26_256_A => RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetA,
        GostParameterSet.Tc26_256_B => RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetB,
        GostParameterSet.Tc26_256_C => RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetC,
        GostParameterSet.Tc26_256_D => RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetD,
        GostParameterSet.Tc26_512_A => RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512_paramSetA,
        GostParameterSet.Tc26_512_B => RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512_paramSetB,
        GostParameterSet.Tc26_512_C => RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512_paramSetC,
        GostParameterSet.CryptoProA => CryptoProObjectIdentifiers.GostR3410x2001CryptoProA,
        GostParameterSet.CryptoProXchA => CryptoProObjectIdentifiers.GostR3410x2001CryptoProXchA,
        _ => throw new ArgumentOutOfRangeException(nameof(ParameterSet)),
    };

    internal static bool TryFromParameterSetOid(DerObjectIdentifier oid, out GostParameterSet set)
    {
        foreach (var candidate in Enum.GetValues<GostParameterSet>())
        {
            if (new KeySpec(KeyAlgorithm.Gost2012_256, candidate).ParameterSetOid.Equals(oid))
            {
                set = candidate;
                return true;
            }
        }

        set = default;
        return false;
    }

    private static string ParameterSetName(GostParameterSet set) => set switch
    {
        GostParameterSet.Tc26_256_A or GostParameterSet.Tc26_512_A => "TC26 A",
        GostParameterSet.Tc26_256_B or GostParameterSet.Tc26_512_B => "TC26 B",
        GostParameterSet.Tc26_256_C or GostParameterSet.Tc26_512_C => "TC26 C",
        GostParameterSet.Tc26_256_D => "TC26 D",
        GostParameterSet.CryptoProA => "CryptoPro A",
        GostParameterSet.CryptoProXchA => "CryptoPro XchA",
        _ => set.ToString(),
    };
}
