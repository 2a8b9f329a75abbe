using System.Security.Cryptography;
using KepOffice.Core.Protection;
using Microsoft.AspNetCore.DataProtection;

namespace KepOffice.Benchmarks;

/// <summary>
/// Personal data protection as a node has it (encryption by Data Protection, blind indexes under a 256-bit key), with an
/// in-memory key ring: benchmarks that build their own DbContext pay the same encryption costs as the product.
/// </summary>
internal static class BenchmarkProtection
{
    public static PersonalDataProtection Create()
    {
        var protection = new PersonalDataProtection(new EphemeralDataProtectionProvider());
        protection.UseIndexKey(RandomNumberGenerator.GetBytes(32));
        return protection;
    }
}
