using System.Diagnostics;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Keys;
using Org.BouncyCastle.Security;

namespace KepOffice.Benchmarks;

/// <summary>
/// Raw sign/verify per second. openssl speed has no GOST signature test, even with -engine gost, so the
/// peer is `openssl dgst -sign/-verify` run once per signature; the cost of starting openssl and loading
/// the engine is measured with `openssl dgst` (hash only) and subtracted to estimate the signing cost itself.
/// </summary>
internal static class SignatureBenchmark
{
    public static void Run(KeySpec spec, TimeSpan duration, int opensslRuns, OpenSslPeer peer)
    {
        Results.Header($"Raw signatures, {spec}, 100-byte message");
        var keyPair = KeyPairFactory.Generate(spec);
        var signer = new SoftwareCaSigner(keyPair);
        var message = new byte[100];
        Random.Shared.NextBytes(message);
        var signatureName = spec.Algorithm switch
        {
            KeyAlgorithm.Gost2012_256 => "GOST3411-2012-256WITHECGOST3410-2012-256",
            KeyAlgorithm.Gost2012_512 => "GOST3411-2012-512WITHECGOST3410-2012-512",
            _ => "SHA256WITHECDSA",
        };
        var signature = signer.Sign(message);

        var signs = CountFor(duration, () => signer.Sign(message));
        var verifies = CountFor(duration, () =>
        {
            var verifier = SignerUtilities.GetSigner(signatureName);
            verifier.Init(false, keyPair.Public);
            verifier.BlockUpdate(message, 0, message.Length);
            if (!verifier.VerifySignature(signature))
            {
                throw new InvalidOperationException("verification failed");
            }
        });
        // A fresh point object per verification defeats BouncyCastle's per-point precomputation cache,
        // which is what CSR intake sees: every request brings a key never seen before.
        var ecPublic = (Org.BouncyCastle.Crypto.Parameters.ECPublicKeyParameters)keyPair.Public;
        var freshVerifies = CountFor(duration, () =>
        {
            var q = ecPublic.Parameters.Curve.CreatePoint(ecPublic.Q.AffineXCoord.ToBigInteger(), ecPublic.Q.AffineYCoord.ToBigInteger());
            var verifier = SignerUtilities.GetSigner(signatureName);
            verifier.Init(false, new Org.BouncyCastle.Crypto.Parameters.ECPublicKeyParameters(ecPublic.AlgorithmName, q, ecPublic.Parameters));
            verifier.BlockUpdate(message, 0, message.Length);
            if (!verifier.VerifySignature(signature))
            {
                throw new InvalidOperationException("verification failed");
            }
        });
        Results.Line("KepOffice.Pki (BouncyCastle) sign, 1 thread", Results.Rate(signs));
        Results.Line("KepOffice.Pki (BouncyCastle) verify, same key object, 1 thread", Results.Rate(verifies));
        Results.Line("KepOffice.Pki (BouncyCastle) verify, fresh key object, 1 thread", Results.Rate(freshVerifies));

        var (algorithm, option, digest) = spec.Algorithm switch
        {
            KeyAlgorithm.Gost2012_256 => ("gost2012_256", "paramset:TCA", "-md_gost12_256"),
            KeyAlgorithm.Gost2012_512 => ("gost2012_512", "paramset:A", "-md_gost12_512"),
            _ => ("EC", "ec_paramgen_curve:P-256", "-sha256"),
        };
        var prefix = "sig-" + spec.Algorithm;
        peer.Run("genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", prefix + ".key");
        peer.Run("pkey", "-in", prefix + ".key", "-pubout", "-out", prefix + ".pub");
        File.WriteAllBytes(Path.Combine(peer.Directory, prefix + ".msg"), message);
        peer.Run("dgst", digest, "-sign", prefix + ".key", "-out", prefix + ".sig", prefix + ".msg");

        var hashOnly = Time(opensslRuns, () => peer.Run("dgst", digest, "-out", prefix + ".hash", prefix + ".msg"));
        var sign = Time(opensslRuns, () => peer.Run("dgst", digest, "-sign", prefix + ".key", "-out", prefix + ".sig", prefix + ".msg"));
        var verify = Time(opensslRuns, () => peer.Run("dgst", digest, "-verify", prefix + ".pub", "-signature", prefix + ".sig", prefix + ".msg"));
        var netSign = Math.Max(sign - hashOnly, 1e-6);
        var netVerify = Math.Max(verify - hashOnly, 1e-6);
        Results.Line("openssl dgst -sign, one process per signature", Results.Rate(1 / sign));
        Results.Line("openssl dgst -verify, one process per signature", Results.Rate(1 / verify));
        Results.Line("openssl process start + engine load (dgst hash only)", $"{hashOnly * 1000:N2} ms");
        Results.Line("openssl sign, net of process start (estimate)", Results.Rate(1 / netSign));
        Results.Line("openssl verify, net of process start (estimate)", Results.Rate(1 / netVerify));
        Results.Line("ratio ours sign / openssl sign (net estimate)", Results.Ratio(signs, 1 / netSign));
        Results.Line("ratio ours verify (fresh key) / openssl verify (net estimate)", Results.Ratio(freshVerifies, 1 / netVerify));
    }

    private static double CountFor(TimeSpan duration, Action action)
    {
        action();
        var count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            action();
            count++;
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static double Time(int runs, Action action)
    {
        action();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            action();
        }

        return watch.Elapsed.TotalSeconds / runs;
    }
}
