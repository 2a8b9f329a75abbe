using System.Diagnostics;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Asn1;
using KepOffice.Pki.Csr;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Utilities.IO.Pem;

namespace KepOffice.Benchmarks;

/// <summary>
/// Certificates per second from CSRs: our CSR check + issuance (1 and 2 threads) against openssl on the
/// same CSRs, both `openssl x509 -req` (one process per certificate) and `openssl ca -infiles` (one process).
/// </summary>
internal static class IssuanceBenchmark
{
    public static async Task RunAsync(KeySpec spec, int count, int opensslCount, OpenSslPeer peer, TimeProvider time)
    {
        Results.Header($"Issuance from CSR, {spec} ({count} CSRs, openssl peer on {opensslCount})");
        var ca = await TestCa.CreateAsync(peer.Directory, spec, time);
        var csrs = Enumerable.Range(0, count).Select(i => MakeCsr(spec, i)).ToArray();
        var validator = new CsrValidator(new CsrPolicy());
        var issuer = new CertificateIssuer(time);
        var profile = new CertificateProfile { CrlDistributionPoints = ["http://ca.example.ru/ca.crl"], CaIssuersUrl = "http://ca.example.ru/ca.cer" };

        IssuedCertificate IssueOne(int i)
        {
            var validated = validator.Validate(csrs[i], new ExpectedApplicant("Иванов", "Иван Иванович", "11223344595", "500100732259"));
            return issuer.Issue(ca, new IssuanceRequest(validated.PublicKey, Subject(), profile, IdentificationKind.InPerson));
        }

        IssueOne(0); // JIT and curve precomputation
        var validated = csrs.Select(c => validator.Validate(c, null)).ToArray();
        IssuedCertificate IssueValidated(int i) =>
            issuer.Issue(ca, new IssuanceRequest(validated[i].PublicKey, Subject(), profile, IdentificationKind.InPerson));

        var issueOnlySingle = Measure(count, 1, i => IssueValidated(i));
        var issueOnlyParallel = Measure(count, Environment.ProcessorCount, i => IssueValidated(i));
        var cpuBefore = Results.OwnCpu();
        var oursSingle = Measure(count, 1, i => IssueOne(i));
        var oursPerCpuSecond = count / (Results.OwnCpu() - cpuBefore).TotalSeconds;
        var oursParallel = Measure(count, Environment.ProcessorCount, i => IssueOne(i));

        // The peer gets its own CA of the same algorithm, made by openssl.
        var prefix = spec.Algorithm.ToString();
        var (keyAlgorithm, keyOption) = spec.Algorithm == KeyAlgorithm.EcdsaP256 ? ("EC", "ec_paramgen_curve:P-256") : ("gost2012_256", "paramset:TCA");
        peer.Run("req", "-x509", "-newkey", keyAlgorithm, "-pkeyopt", keyOption, "-nodes", "-keyout", $"{prefix}-ca.key", "-out", $"{prefix}-ca.pem", "-subj", "/CN=Peer CA", "-days", "3650",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "subjectKeyIdentifier=hash", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        for (var i = 0; i < opensslCount; i++)
        {
            File.WriteAllText(Path.Combine(peer.Directory, $"{prefix}-{i}.csr"), Pem(csrs[i]));
        }

        var peerCpuBefore = peer.CpuTime;
        var x509 = Stopwatch.StartNew();
        for (var i = 0; i < opensslCount; i++)
        {
            peer.Run("x509", "-req", "-in", $"{prefix}-{i}.csr", "-CA", $"{prefix}-ca.pem", "-CAkey", $"{prefix}-ca.key", "-days", "450", "-set_serial", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "-out", $"{prefix}-{i}.pem");
        }

        x509.Stop();
        var x509PerCpuSecond = opensslCount / (peer.CpuTime - peerCpuBefore).TotalSeconds;
        var caDirectory = Path.Combine(peer.Directory, prefix + "-newcerts");
        Directory.CreateDirectory(caDirectory);
        File.WriteAllText(Path.Combine(peer.Directory, prefix + "-index.txt"), string.Empty);
        File.WriteAllText(Path.Combine(peer.Directory, prefix + "-serial"), "01\n");
        File.WriteAllText(Path.Combine(peer.Directory, prefix + "-ca.cnf"), $"""
            [ca]
            default_ca = peer
            [peer]
            database = ./{prefix}-index.txt
            new_certs_dir = ./{prefix}-newcerts
            serial = ./{prefix}-serial
            certificate = ./{prefix}-ca.pem
            private_key = ./{prefix}-ca.key
            default_md = default
            default_days = 450
            policy = anything
            unique_subject = no
            x509_extensions = ext
            [anything]
            commonName = optional
            [ext]
            keyUsage = critical, digitalSignature, nonRepudiation
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """);
        var caArgs = new List<string> { "ca", "-batch", "-config", $"{prefix}-ca.cnf", "-notext", "-out", $"{prefix}-batch.pem", "-infiles" };
        caArgs.AddRange(Enumerable.Range(0, opensslCount).Select(i => $"{prefix}-{i}.csr"));
        peerCpuBefore = peer.CpuTime;
        var batch = Stopwatch.StartNew();
        peer.Run([.. caArgs]);
        batch.Stop();
        var batchPerCpuSecond = opensslCount / (peer.CpuTime - peerCpuBefore).TotalSeconds;

        var peerX509 = opensslCount / x509.Elapsed.TotalSeconds;
        var peerBatch = opensslCount / batch.Elapsed.TotalSeconds;
        Results.Line("KepOffice.Pki, 1 thread (issue only, CSR already checked)", Results.Rate(issueOnlySingle));
        Results.Line($"KepOffice.Pki, {Environment.ProcessorCount} threads (issue only, CSR already checked)", Results.Rate(issueOnlyParallel));
        Results.Line("KepOffice.Pki, 1 thread (CSR check + issue)", Results.Rate(oursSingle));
        Results.Line($"KepOffice.Pki, {Environment.ProcessorCount} threads (CSR check + issue)", Results.Rate(oursParallel));
        Results.Line("openssl x509 -req, one process per certificate", Results.Rate(peerX509));
        Results.Line("openssl ca -infiles, one process for all", Results.Rate(peerBatch));
        Results.Line("per CPU-second: ours (CSR check + issue)", Results.Rate(oursPerCpuSecond));
        Results.Line("per CPU-second: openssl x509 -req", Results.Rate(x509PerCpuSecond));
        Results.Line("per CPU-second: openssl ca -infiles", Results.Rate(batchPerCpuSecond));
        Results.Line("ratio per CPU-second ours / openssl ca -infiles", Results.Ratio(oursPerCpuSecond, batchPerCpuSecond));
        Results.Line("ratio ours(1 thread) / openssl x509 -req", Results.Ratio(oursSingle, peerX509));
        Results.Line("ratio ours(1 thread) / openssl ca -infiles", Results.Ratio(oursSingle, peerBatch));
        Results.Line($"ratio ours({Environment.ProcessorCount} threads) / openssl ca -infiles", Results.Ratio(oursParallel, peerBatch));
    }

    private static double Measure(int count, int threads, Action<int> action)
    {
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, action);
        return count / watch.Elapsed.TotalSeconds;
    }

    private static CertificateSubject Subject() => new()
    {
        Surname = "Иванов",
        GivenName = "Иван Иванович",
        Snils = "11223344595",
        Inn = "500100732259",
        Email = "ivanov@example.ru",
    };

    /// <summary>A CSR for the sample applicant with a fresh key (also the whole-process benchmark's).</summary>
    internal static byte[] MakeCsr(KeySpec spec, int i) => KepOffice.Tests.Shared.GostCsr.Make(spec, i);

    private static string Pem(byte[] der)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        new PemWriter(writer).WriteObject(new PemObject("CERTIFICATE REQUEST", der));
        return writer.ToString();
    }
}
