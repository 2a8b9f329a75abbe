using KepOffice.EndToEndTests.Support;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Certificates;

public sealed class VerificationPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Operator_uploads_an_issued_certificate_and_sees_it_valid_and_a_broken_file_is_named_as_such()
    {
        var (number, keyPath) = await CertificateDriver.IssueThroughTheApiAsync(app.BaseUrl);
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "operator", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        var serial = await CertificateDriver.SerialOfAsync(page, number);
        var cer = await page.Context.APIRequest.GetAsync($"/api/certificates/{serial}.cer");
        Assert.Equal(200, cer.Status);

        await page.GetByRole(AriaRole.Link, new() { Name = "Проверка подписи" }).First.ClickAsync();
        await page.WaitForURLAsync("**/verify");
        await BrowserApp.WaitForInteractiveAsync(page);

        // Nothing chosen: a clear request for the file, no verdict.
        await page.ClickAsync("#verify-submit");
        var nothing = await page.InnerTextAsync("#verify-error");

        // A text file named .cer: named as not a certificate, no verdict shown.
        await page.SetInputFilesAsync("#certificate-file", new FilePayload { Name = "заметки.cer", MimeType = "application/pkix-cert", Buffer = "это не сертификат"u8.ToArray() });
        await page.ClickAsync("#verify-submit");
        await page.Locator("#verify-error", new() { HasText = "не является сертификатом" }).WaitForAsync();
        var broken = await page.InnerTextAsync("#verify-error");
        var verdictAfterBroken = await page.Locator("#verify-verdict").CountAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "verify-broken-file.png"), FullPage = true });

        await page.SetInputFilesAsync("#certificate-file", new FilePayload { Name = "issued.cer", MimeType = "application/pkix-cert", Buffer = await cer.BodyAsync() });
        await page.ClickAsync("#verify-submit");
        await page.Locator("#verify-verdict").WaitForAsync();
        var verdict = await page.InnerTextAsync("#verify-verdict");
        var report = await page.InnerTextAsync("#verify-result");
        var errorsLeft = await page.Locator("#verify-error").CountAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "verify-certificate.png"), FullPage = true });

        // Signature mode: a certificate passed off as a signature is refused as an unreadable signature file.
        await page.GetByText("Электронная подпись (.sig, .p7s) и подписанный файл").ClickAsync();
        await page.Locator("#signature-file").WaitForAsync();
        var resultAfterSwitch = await page.Locator("#verify-result").CountAsync();
        await page.SetInputFilesAsync("#signature-file", new FilePayload { Name = "подпись.sig", MimeType = "application/pkcs7-signature", Buffer = await cer.BodyAsync() });
        await page.SetInputFilesAsync("#content-file", new FilePayload { Name = "договор.txt", MimeType = "text/plain", Buffer = "договор"u8.ToArray() });
        await page.ClickAsync("#verify-submit");
        await page.Locator("#verify-error").WaitForAsync();
        var badSignature = await page.InnerTextAsync("#verify-error");

        // A genuine detached signature made by openssl with the holder's key: valid with its file, invalid with another.
        var document = "Договор № 17 от 02.12.2026"u8.ToArray();
        var signature = await CertificateDriver.SignDetachedAsync(keyPath, await cer.BodyAsync(), document);
        await page.SetInputFilesAsync("#signature-file", new FilePayload { Name = "договор.txt.sig", MimeType = "application/pkcs7-signature", Buffer = signature });
        await page.SetInputFilesAsync("#content-file", new FilePayload { Name = "договор.txt", MimeType = "text/plain", Buffer = document });
        await page.ClickAsync("#verify-submit");
        await page.Locator("#verify-verdict").WaitForAsync();
        var signatureVerdict = await page.InnerTextAsync("#verify-verdict");
        var signatureReport = await page.InnerTextAsync("#verify-result");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "verify-signature.png"), FullPage = true });
        await page.SetInputFilesAsync("#content-file", new FilePayload { Name = "договор.txt", MimeType = "text/plain", Buffer = "Договор № 18 от 02.12.2026"u8.ToArray() });
        await page.ClickAsync("#verify-submit");
        await page.Locator("#verify-verdict", new() { HasText = "недействительна" }).WaitForAsync();
        var alteredReport = await page.InnerTextAsync("#verify-result");

        Assert.Equal("Выберите файл сертификата (.cer, .crt или .pem).", nothing.Trim());
        Assert.Equal("«заметки.cer»: Файл не является сертификатом X.509 (повреждён или другого формата).", broken.Trim());
        Assert.Equal(0, verdictAfterBroken);
        Assert.Equal("Сертификат действителен", verdict.Trim());
        Assert.Contains(serial, report);
        Assert.Contains("Иванов Иван Иванович", report);
        Assert.Contains("Цепочка построена до доверенного корневого сертификата", report);
        Assert.Contains("Сертификат не отозван", report);
        Assert.Contains("соответствует профилю квалифицированного сертификата", report);
        Assert.Equal(0, errorsLeft);
        Assert.Equal(0, resultAfterSwitch);
        Assert.StartsWith("«подпись.sig»: Файл подписи повреждён", badSignature.Trim());
        Assert.Equal("Подпись действительна", signatureVerdict.Trim());
        Assert.Contains("Подпись «Иванов Иван Иванович» верна", signatureReport);
        Assert.Contains("Сертификат не отозван", signatureReport);
        Assert.Equal(1, signatureReport.Split("Цепочка построена").Length - 1);
        Assert.Contains("файл изменён после подписания", alteredReport);
    }
}
