using System.Diagnostics;
using System.Globalization;
using KepOffice.Core.Acts;
using KepOffice.Pki.Profiles;

namespace KepOffice.Benchmarks.Acts;

/// <summary>
/// Act PDF rendering throughput: one shared ActRenderer, N natural-person acts spread over all cores,
/// as the registration offices' peak hour would drive it.
/// </summary>
internal static class ActRenderingBenchmark
{
    public static void Run(int acts)
    {
        Results.Header($"Act PDF rendering (SkiaSharp, natural person, one page, {Environment.ProcessorCount} cores)");
        var renderer = new ActRenderer(TimeProvider.System);
        var warmup = renderer.Render(Act(0));

        var bytes = 0L;
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var watch = Stopwatch.StartNew();
        Parallel.For(0, acts, () => 0L, (i, _, sum) => sum + renderer.Render(Act(i)).Length, sum => Interlocked.Add(ref bytes, sum));
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;

        Results.Line($"ActRenderer.Render, {acts:N0} acts", Results.Rate(acts / watch.Elapsed.TotalSeconds) + $" ({Results.Seconds(watch.Elapsed)})");
        // CPU time per act does not depend on what else the shared machine runs at the same moment.
        Results.Line("CPU time per act", (cpu.TotalMilliseconds / acts).ToString("N2", CultureInfo.InvariantCulture) + " ms");
        Results.Line("PDF size per act", (bytes / acts).ToString("N0", CultureInfo.InvariantCulture) + $" bytes (first: {warmup.Length:N0})");
        Results.Line("managed allocation per act", (allocated / acts).ToString("N0", CultureInfo.InvariantCulture) + " bytes");
    }

    private static CertificateAct Act(int index)
    {
        var moment = new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.Zero).AddMinutes(index);
        return new CertificateAct
        {
            Number = string.Create(CultureInfo.InvariantCulture, $"МСК-2026-{index:D6}"),
            Date = DateOnly.FromDateTime(moment.UtcDateTime),
            Place = "г. Москва",
            OperatorName = "Петрова А. С.",
            VerificationUrl = new Uri("https://uc.kepoffice.ru/check"),
            Issuer = new ActIssuer
            {
                Name = "ООО «КепОфис Удостоверяющий центр»",
                Inn = "7707083893",
                Ogrn = "1027700132195",
                Address = new ActAddress("77 г. Москва", "г. Москва", "ул. Тверская, д. 7, офис 12"),
                CertificateSerialNumber = "7C0000000A8B3E1F4D2C",
                SignTool = new ActIssuerSignTool(
                    "СКЗИ «КриптоПро CSP» (версия 5.0)",
                    "ПАК «КриптоПро УЦ» версии 2.0",
                    "Сертификат соответствия № СФ/124-4328 от 23.08.2022",
                    "Сертификат соответствия № СФ/128-4268 от 11.05.2022"),
            },
            Certificate = new ActCertificate
            {
                SerialNumber = Convert.ToHexString(BitConverter.GetBytes((long)index * 7919 + 1)) + "01DC5E6A7F3B2C4D",
                NotBefore = moment,
                NotAfter = moment.AddMonths(15),
                PrivateKeyNotBefore = moment,
                PrivateKeyNotAfter = moment.AddMonths(15),
                PublicKeyAlgorithm = new ActOid("ГОСТ Р 34.10-2012, 256 бит", "1.2.643.7.1.1.1.1"),
                PublicKeyParameters = new ActOid("ТК26, набор A, 256 бит", "1.2.643.7.1.2.1.1.1"),
                PublicKey = "0440" + new string('A', 128),
                SignatureAlgorithm = new ActOid("ГОСТ Р 34.10-2012 с ГОСТ Р 34.11-2012, 256 бит", "1.2.643.7.1.1.3.2"),
                KeyUsages = ["цифровая подпись", "неотрекаемость"],
                ExtendedKeyUsages = [new ActOid("Проверка подлинности клиента", "1.3.6.1.5.5.7.3.2")],
                SubjectSignTool = "СКЗИ «КриптоПро CSP» (версия 5.0)",
                SigningToolClasses = [SigningToolClass.KS1, SigningToolClass.KS2],
                IdentificationKind = IdentificationKind.InPerson,
                StreebogThumbprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(index))),
            },
            Owner = new ActOwner
            {
                Surname = "Иванов",
                GivenName = "Иван Иванович",
                CommonName = "Иванов Иван Иванович",
                Snils = "11223344595",
                Inn = "500100732259",
                Email = "ivanov@example.ru",
            },
        };
    }
}
