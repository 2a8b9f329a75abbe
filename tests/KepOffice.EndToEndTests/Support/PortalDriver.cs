using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkiaSharp;

namespace KepOffice.EndToEndTests.Support;

/// <summary>The portal's side of issuance over HTTP: an intake client, an application with scans and a GOST CSR made by openssl.</summary>
public static class PortalDriver
{
    public const string Snils = "11223344595";
    public const string Inn = "500100732259";

    public static async Task<HttpClient> PortalClientAsync(string baseUrl)
    {
        using var admin = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var login = await admin.PostAsJsonAsync("/api/auth/login", new { login = "admin", password = BrowserApp.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await admin.PostAsJsonAsync("/api/admin/intake-clients", new { name = "Портал Госуслуг (E2E)" });
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        var portal = new HttpClient { BaseAddress = new Uri(baseUrl) };
        portal.DefaultRequestHeaders.Add("X-Api-Key", key);
        return portal;
    }

    public static async Task<string> SubmitAsync(HttpClient portal, string surname, byte[]? csr = null, bool serverKey = false)
    {
        csr ??= serverKey ? null : await GostCsrAsync(surname, "Иван Иванович");
        using var form = new MultipartFormDataContent();
        void Field(string name, string value) => form.Add(new StringContent(value), name);
        Field("surname", surname);
        Field("givenName", "Иван");
        Field("patronymic", "Иванович");
        Field("birthDate", "1985-04-12");
        Field("passportSeries", "4510");
        Field("passportNumber", "123456");
        Field("passportIssuedOn", "2010-05-20");
        Field("passportIssuer", "ОВД района Тверской г. Москвы");
        Field("passportUnitCode", "770-001");
        Field("snils", Snils);
        Field("inn", Inn);
        Field("email", $"{Guid.NewGuid():N}@example.test");
        Field("phone", "+7 900 123-45-67");
        Field("validityMonths", "15");
        Field("keyMode", serverKey ? "server" : "csr");
        if (csr is not null)
        {
            form.Add(Part(csr, "application/pkcs10"), "csr", "request.der");
        }

        form.Add(Part(Scan("Паспорт гражданина Российской Федерации", surname), "image/jpeg"), "passportMainScan", "passport.jpg");
        form.Add(Part(Scan("Место жительства", "г. Москва, ул. Тверская, д. 1"), "image/jpeg"), "passportRegistrationScan", "registration.jpg");
        form.Add(Part("%PDF-1.4\n%e2e\n"u8.ToArray(), "application/pdf"), "snilsScan", "snils.pdf");
        var submitted = await portal.PostAsync("/api/intake/applications", form);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    public static async Task ConfirmPaymentAsync(HttpClient portal, string number)
    {
        var payment = await portal.PostAsync($"/api/intake/applications/{number}/payment", null);
        Assert.True(payment.IsSuccessStatusCode, await payment.Content.ReadAsStringAsync());
    }

    // A stand-in scan that looks like a document page, so that the screenshots show what an operator sees.
    internal static byte[] Scan(string title, string line)
    {
        using var bitmap = new SKBitmap(900, 620);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(0xF6, 0xEE, 0xF0));
        using var border = new SKPaint { Color = new SKColor(0xB0, 0x8C, 0x96), Style = SKPaintStyle.Stroke, StrokeWidth = 4 };
        canvas.DrawRect(20, 20, 860, 580, border);
        using var photo = new SKPaint { Color = new SKColor(0xC8, 0xCE, 0xD6) };
        canvas.DrawRect(60, 200, 220, 280, photo);
        using var ink = new SKPaint { Color = new SKColor(0x40, 0x30, 0x38), IsAntialias = true };
        using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
        using var heading = new SKFont(typeface, 34);
        using var body = new SKFont(typeface, 26);
        canvas.DrawText(title, 60, 110, heading, ink);
        canvas.DrawText(line, 320, 260, body, ink);
        canvas.DrawText("Образец для теста", 320, 320, body, ink);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    internal static async Task<byte[]> GostCsrAsync(string surname, string givenNames) => (await GostKeyAndCsrAsync(surname, givenNames)).Csr;

    /// <summary>A GOST key pair made by openssl: the CSR, and the key file for signing with it later.</summary>
    internal static async Task<(byte[] Csr, string KeyPath)> GostKeyAndCsrAsync(string surname, string givenNames)
    {
        var folder = Directory.CreateTempSubdirectory("kepoffice-e2e-csr-").FullName;
        var key = Path.Combine(folder, "key.pem");
        var csr = Path.Combine(folder, "req.der");
        var generated = await OpenSslAsync("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:TCA", "-out", key);
        Assert.True(generated.ExitCode == 0, generated.Output);
        var request = await OpenSslAsync("req", "-new", "-utf8", "-key", key, "-outform", "DER", "-out", csr, "-subj",
            $"/CN={surname} {givenNames}/2.5.4.4={surname}/2.5.4.42={givenNames}/1.2.643.100.3={Snils}/1.2.643.3.131.1.1={Inn}/C=RU");
        Assert.True(request.ExitCode == 0, request.Output);
        return (await File.ReadAllBytesAsync(csr), key);
    }

    private static readonly Lazy<string> OpenSslConfig = new(() =>
    {
        const string engine = "/usr/lib/x86_64-linux-gnu/engines-3/gost.so";
        Assert.True(File.Exists(engine), "libengine-gost-openssl is not installed.");
        var path = Path.Combine(Directory.CreateTempSubdirectory("kepoffice-e2e-openssl-").FullName, "openssl.cnf");
        File.WriteAllText(path, $"""
            openssl_conf = openssl_def
            [openssl_def]
            engines = engine_section
            [engine_section]
            gost = gost_section
            [gost_section]
            engine_id = gost
            dynamic_path = {engine}
            default_algorithms = ALL
            """);
        return path;
    });

    internal static async Task<(int ExitCode, string Output)> OpenSslAsync(params string[] args)
    {
        var start = new ProcessStartInfo("openssl", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OPENSSL_CONF"] = OpenSslConfig.Value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static ByteArrayContent Part(byte[] content, string contentType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return file;
    }
}
