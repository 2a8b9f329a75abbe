using System.Diagnostics;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Keys;
using Org.BouncyCastle.Security;

namespace KepOffice.Benchmarks;

/// <summary>
/// Raw sign/verify per second. `openssl speed` has no GOST signature test (with or without -engine gost)
/// and `openssl dgst -sign` takes one file per process, so the peer is `openssl cms -sign` with N signer
/// entries in one process (and `cms -verify` of the result), minus a one-signer run.
/// </summary>
internal static class SignatureBenchmark
{
    public static void Run(KeySpec spec, TimeSpan duration, int signatures, OpenSslPeer peer)
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

        var (signs, signsPerCpu) = CountWithCpu(duration, () => signer.Sign(message));
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
        var (freshVerifies, freshVerifiesPerCpu) = CountWithCpu(duration, () =>
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

        var (algorithm, option) = spec.Algorithm switch
        {
            KeyAlgorithm.Gost2012_256 => ("gost2012_256", "paramset:TCA"),
            KeyAlgorithm.Gost2012_512 => ("gost2012_512", "paramset:A"),
            _ => ("EC", "ec_paramgen_curve:P-256"),
        };
        var prefix = "sig-" + spec.Algorithm;
        peer.Run("genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", prefix + ".key");
        peer.Run("req", "-x509", "-key", prefix + ".key", "-subj", "/CN=signer", "-days", "30", "-out", prefix + ".pem");
        File.WriteAllBytes(Path.Combine(peer.Directory, prefix + ".msg"), message);

        // One openssl process making `signatures` SignerInfos (the same key repeated), minus a one-signer run:
        // what is left is the cost of the signatures themselves, without process start and engine loading.
        var one = PeerSignAndVerify(peer, prefix, 1);
        var many = PeerSignAndVerify(peer, prefix, signatures);
        var peerSignCpu = (many.SignCpu - one.SignCpu) / (signatures - 1);
        var peerVerifyCpu = (many.VerifyCpu - one.VerifyCpu) / (signatures - 1);
        var peerSignWall = (many.SignWall - one.SignWall) / (signatures - 1);
        var peerVerifyWall = (many.VerifyWall - one.VerifyWall) / (signatures - 1);
        Results.Line($"openssl cms -sign, {signatures} signers in one process", Results.Rate(1 / peerSignWall));
        Results.Line($"openssl cms -verify, {signatures} signers in one process", Results.Rate(1 / peerVerifyWall));
        Results.Line("ratio ours sign / openssl sign", Results.Ratio(signs, 1 / peerSignWall));
        Results.Line("ratio ours verify (fresh key) / openssl verify", Results.Ratio(freshVerifies, 1 / peerVerifyWall));
        Results.Line("per CPU-second: ours sign / verify (fresh key)", $"{Results.Rate(signsPerCpu)} / {Results.Rate(freshVerifiesPerCpu)}");
        Results.Line("per CPU-second: openssl sign / verify", $"{Results.Rate(1 / peerSignCpu)} / {Results.Rate(1 / peerVerifyCpu)}");
        Results.Line("ratio per CPU-second ours / openssl, sign | verify", $"{Results.Ratio(signsPerCpu, 1 / peerSignCpu)} | {Results.Ratio(freshVerifiesPerCpu, 1 / peerVerifyCpu)}");
    }

    private static (double SignWall, double SignCpu, double VerifyWall, double VerifyCpu) PeerSignAndVerify(OpenSslPeer peer, string prefix, int signers)
    {
        var output = $"{prefix}-{signers}.p7s";
        var arguments = new List<string> { "cms", "-sign", "-binary", "-nocerts", "-in", prefix + ".msg", "-outform", "DER", "-out", output };
        for (var i = 0; i < signers; i++)
        {
            arguments.AddRange(["-signer", prefix + ".pem", "-inkey", prefix + ".key"]);
        }

        var cpu = peer.CpuTime;
        var watch = Stopwatch.StartNew();
        peer.Run([.. arguments]);
        var signWall = watch.Elapsed.TotalSeconds;
        var signCpu = (peer.CpuTime - cpu).TotalSeconds;

        cpu = peer.CpuTime;
        watch.Restart();
        peer.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", output, "-content", prefix + ".msg", "-certfile", prefix + ".pem", "-noverify", "-out", prefix + ".out");
        return (signWall, signCpu, watch.Elapsed.TotalSeconds, (peer.CpuTime - cpu).TotalSeconds);
    }

    private static double CountFor(TimeSpan duration, Action action) => CountWithCpu(duration, action).PerWallSecond;

    private static (double PerWallSecond, double PerCpuSecond) CountWithCpu(TimeSpan duration, Action action)
    {
        action();
        var count = 0;
        var cpu = Results.OwnCpu();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            action();
            count++;
        }

        return (count / watch.Elapsed.TotalSeconds, count / (Results.OwnCpu() - cpu).TotalSeconds);
    }
}
