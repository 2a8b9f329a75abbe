using KepOffice.Pki.Algorithms;

namespace KepOffice.Pki.Authority;

/// <summary>Parameters of a new root or issuing CA.</summary>
/// <param name="KeyId">Id under which the key provider keeps the new key.</param>
/// <param name="Name">Subject name.</param>
public sealed record CaCreationRequest(string KeyId, CaName Name)
{
    /// <summary>Key algorithm; GOST 256 TC26 A unless set.</summary>
    public KeySpec KeySpec { get; init; } = KeySpec.Gost256;

    /// <summary>Certificate validity in years.</summary>
    public int ValidityYears { get; init; } = 10;

    /// <summary>CRL URLs put into an issuing CA's certificate (the parent's CRL).</summary>
    public IReadOnlyList<string> CrlDistributionPoints { get; init; } = [];

    /// <summary>URL of the parent certificate (AIA caIssuers) for an issuing CA.</summary>
    public string? CaIssuersUrl { get; init; }

    /// <summary>subjectSignTool of the CA certificate, e.g. «ПАК "Удостоверяющий центр"»; optional.</summary>
    public string? SubjectSignTool { get; init; }
}
