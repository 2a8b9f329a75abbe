using KepOffice.Pki.Algorithms;

namespace KepOffice.Pki.Keys;

/// <summary>
/// Where CA keys live. The software implementation keeps encrypted PKCS#8 files; an HSM
/// implementation would map key ids to PKCS#11 objects.
/// </summary>
public interface ICaKeyProvider
{
    /// <summary>Generates a new key pair under <paramref name="keyId"/> and returns its signer.</summary>
    /// <exception cref="InvalidOperationException">A key with this id already exists.</exception>
    Task<ICaSigner> GenerateAsync(string keyId, KeySpec spec, CancellationToken cancellationToken = default);

    /// <summary>Opens the existing key <paramref name="keyId"/> for signing.</summary>
    /// <exception cref="KeyNotFoundException">No such key.</exception>
    Task<ICaSigner> GetSignerAsync(string keyId, CancellationToken cancellationToken = default);
}
