using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Authority;
using KepOffice.Pki.Keys;

namespace KepOffice.Benchmarks;

/// <summary>A throw-away root + issuing CA pair for one algorithm.</summary>
internal static class TestCa
{
    public static async Task<CertificateAuthority> CreateAsync(string directory, KeySpec spec, TimeProvider time)
    {
        var keys = new SoftwareCaKeyProvider(Path.Combine(directory, "keys-" + spec.Algorithm), "benchmark passphrase", iterations: 1000);
        var factory = new CertificateAuthorityFactory(time);
        var root = await factory.CreateRootAsync(new CaCreationRequest("root", new CaName("Bench Root", "KepOffice")) { KeySpec = spec, ValidityYears = 20 }, keys);
        return await factory.CreateIssuingAsync(new CaCreationRequest("issuing", new CaName("Bench Issuing", "KepOffice")) { KeySpec = spec, ValidityYears = 10 }, root, keys);
    }
}
