using KepOffice.Pki.Algorithms;
using Org.BouncyCastle.Crypto;

namespace KepOffice.Pki.Keys;

/// <summary>Lets BouncyCastle generators sign through any <see cref="ICaSigner"/>, HSM included.</summary>
internal sealed class CaSignerSignatureFactory(ICaSigner signer) : ISignatureFactory
{
    public object AlgorithmDetails { get; } = SignatureAlgorithms.Identifier(signer.KeySpec.Algorithm);

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(signer);

    private sealed class Calculator(ICaSigner signer) : IStreamCalculator<IBlockResult>
    {
        private readonly MemoryStream _buffer = new();

        public Stream Stream => _buffer;

        public IBlockResult GetResult() =>
            new SimpleBlockResult(signer.Sign(_buffer.GetBuffer().AsSpan(0, (int)_buffer.Length)));
    }
}
