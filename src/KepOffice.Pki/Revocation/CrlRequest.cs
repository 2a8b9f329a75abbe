using Org.BouncyCastle.Math;

namespace KepOffice.Pki.Revocation;

/// <summary>Parameters of one CRL issue.</summary>
/// <param name="CrlNumber">Monotonically increasing CRL number (the caller's store keeps the counter).</param>
/// <param name="NextUpdateAfter">nextUpdate = thisUpdate + this period.</param>
public sealed record CrlRequest(BigInteger CrlNumber, TimeSpan NextUpdateAfter);
