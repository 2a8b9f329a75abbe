using System.Text;
using KepOffice.Pki.Algorithms;
using KepOffice.Pki.Asn1;
using KepOffice.Pki.Csr;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Pkcs;
using Xunit.Abstractions;

namespace KepOffice.UnitTests.Fuzzing;

/// <summary>
/// The CSR parser and validator on mutated requests (bit flips, truncation, DER length tampering, splicing, PEM damage):
/// the only failure it may report is <see cref="CsrRejectedException"/>, and no case may hang.
/// </summary>
public sealed class CsrFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261202;
    private const int Iterations = 1000;
    private static readonly ExpectedApplicant Applicant = new("Иванов", "Иван Иванович", "112-233-445 95", "500100732259");

    [Fact]
    public void Mutated_requests_are_accepted_or_refused_with_CsrRejectedException_only()
    {
        var seeds = new[] { MakeCsr(KeySpec.Gost256), MakeCsr(KeySpec.Gost512), MakeCsr(KeySpec.EcdsaP256) };
        var validator = new CsrValidator(new CsrPolicy());
        Assert.NotNull(validator.Validate(seeds[0], Applicant)); // the unmutated request is valid: mutations start from a real one

        var summary = FuzzRunner.Run(output, "CSR", Seed, Iterations, TimeSpan.FromSeconds(10),
            random => Mutate(random, seeds),
            input => validator.Validate(input, ApplicantFor(input)),
            error => error is CsrRejectedException { Errors.Count: > 0 } rejected && rejected.Message.Length > 0 && !string.IsNullOrEmpty(rejected.Field));

        Assert.Equal(Iterations, summary.Accepted + summary.Refused);
        Assert.True(summary.Refused > Iterations / 2, "most mutations must be refused: the fuzzer reaches the validator's checks");

        // Half the cases compare the subject with the applicant, half validate the request alone.
        static ExpectedApplicant? ApplicantFor(byte[] input) => input.Length % 2 == 0 ? Applicant : null;
    }

    private static FuzzRunner.Case Mutate(Random random, byte[][] seeds)
    {
        var der = seeds[random.Next(seeds.Length)];
        FuzzRunner.Case result = random.Next(7) switch
        {
            0 => new("bit flips", FuzzRunner.FlipBits(random, der)),
            1 => new("truncation", FuzzRunner.Truncate(random, der)),
            2 => new("DER length", TamperLength(random, der)),
            3 => new("splice", FuzzRunner.Splice(random, der, seeds[random.Next(seeds.Length)])),
            4 => new("insert/delete", FuzzRunner.InsertOrDelete(random, der)),
            5 => new("DER length + bit flips", FuzzRunner.FlipBits(random, TamperLength(random, der))),
            _ => DamagedPem(random, der),
        };
        return result;
    }

    // Finds the length octets of every TLV (descending into constructed ones) and replaces one with a wrong length:
    // off by one, zero, indefinite, huge, or a long form that claims more bytes than exist.
    private static byte[] TamperLength(Random random, byte[] der)
    {
        var lengths = new List<(int Offset, int Size)>();
        Walk(der, 0, der.Length, lengths, 0);
        if (lengths.Count == 0)
        {
            return der;
        }

        var (offset, size) = lengths[random.Next(lengths.Count)];
        var current = ReadLength(der, offset, size);
        byte[] replacement = random.Next(7) switch
        {
            0 => Encode(current + 1),
            1 => Encode(Math.Max(0, current - 1)),
            2 => [0x00],
            3 => [0x80],
            4 => [0x84, 0x7F, 0xFF, 0xFF, 0xFF],
            5 => [0x89, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09],
            _ => Encode(random.Next(0, 70000)),
        };
        return [.. der[..offset], .. replacement, .. der[(offset + size)..]];
    }

    private static void Walk(byte[] der, int start, int end, List<(int, int)> lengths, int depth)
    {
        var position = start;
        while (position + 2 <= end && depth < 12)
        {
            var tag = der[position];
            var lengthOffset = position + 1;
            var first = der[lengthOffset];
            var size = first < 0x80 ? 1 : 1 + (first & 0x7F);
            if (lengthOffset + size > end || size > 5)
            {
                return;
            }

            var length = ReadLength(der, lengthOffset, size);
            lengths.Add((lengthOffset, size));
            var content = lengthOffset + size;
            if (content + length > end)
            {
                return;
            }

            if ((tag & 0x20) != 0)
            {
                Walk(der, content, content + length, lengths, depth + 1);
            }

            position = content + length;
        }
    }

    private static int ReadLength(byte[] der, int offset, int size)
    {
        if (size == 1)
        {
            return der[offset] & 0x7F;
        }

        var value = 0;
        for (var i = 1; i < size; i++)
        {
            value = (value << 8) | der[offset + i];
        }

        return value;
    }

    private static byte[] Encode(int length) => length switch
    {
        < 0x80 => [(byte)length],
        < 0x100 => [0x81, (byte)length],
        < 0x10000 => [0x82, (byte)(length >> 8), (byte)length],
        _ => [0x83, (byte)(length >> 16), (byte)(length >> 8), (byte)length],
    };

    private static FuzzRunner.Case DamagedPem(Random random, byte[] der)
    {
        var base64 = Convert.ToBase64String(random.Next(3) == 0 ? FuzzRunner.FlipBits(random, der) : der, Base64FormattingOptions.InsertLineBreaks);
        var label = random.Next(5) == 0 ? "CERTIFICATE" : "CERTIFICATE REQUEST";
        var pem = Encoding.UTF8.GetBytes($"-----BEGIN {label}-----\n{base64}\n-----END {label}-----\n");
        return random.Next(5) switch
        {
            0 => new("PEM truncated", FuzzRunner.Truncate(random, pem)),
            1 => new("PEM bytes inserted", FuzzRunner.InsertOrDelete(random, pem)),
            // An overlong UTF-8 encoding of '-' and a lone surrogate encoded as bytes: invalid UTF-8 in the armour.
            2 => new("PEM invalid UTF-8", [.. pem[..random.Next(pem.Length)], 0xC0, 0xAD, 0xED, 0xA0, 0x80, .. pem]),
            3 => new("PEM bit flips", FuzzRunner.FlipBits(random, pem)),
            _ => new("PEM label", pem),
        };
    }

    private static byte[] MakeCsr(KeySpec spec)
    {
        var key = KeyPairFactory.Generate(spec);
        static DerSet Rdn(DerObjectIdentifier oid, Asn1Encodable value) => new(new DerSequence(oid, value));
        var subject = X509Name.GetInstance(new DerSequence(
            Rdn(X509Name.CN, new DerUtf8String("Иванов Иван Иванович")),
            Rdn(X509Name.Surname, new DerUtf8String("Иванов")),
            Rdn(X509Name.GivenName, new DerUtf8String("Иван Иванович")),
            Rdn(RuOids.Snils, new DerNumericString("11223344595")),
            Rdn(RuOids.Inn, new DerNumericString("500100732259"))));
        var algorithm = spec.Algorithm switch
        {
            KeyAlgorithm.EcdsaP256 => "SHA256WITHECDSA",
            KeyAlgorithm.Gost2012_512 => "GOST3411-2012-512WITHECGOST3410-2012-512",
            _ => "GOST3411-2012-256WITHECGOST3410-2012-256",
        };
        return new Pkcs10CertificationRequest(new Asn1SignatureFactory(algorithm, key.Private), subject, key.Public, null).GetEncoded();
    }
}
