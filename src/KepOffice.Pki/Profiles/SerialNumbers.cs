using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace KepOffice.Pki.Profiles;

/// <summary>
/// Certificate serial numbers: 127 random bits from the OS CSPRNG, always positive, so collisions are
/// negligible even across nodes without coordination (the store still enforces uniqueness).
/// </summary>
public static class SerialNumbers
{
    /// <summary>Returns a new positive random serial number.</summary>
    public static BigInteger Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[0] &= 0x7F;
            var value = new BigInteger(1, bytes);
            if (value.SignValue > 0)
            {
                return value;
            }
        }
    }
}
