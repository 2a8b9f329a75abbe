using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;

namespace KepOffice.IntegrationTests.Pki;

[Collection(SharedAppsCollection.Name)]
public sealed class CaEndpointsTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task Demo_ca_is_listed_and_its_certificate_and_crl_verify_with_openssl(DatabaseProvider provider)
    {
        var client = apps.For(provider).CreateApiClient();

        var cas = await client.GetFromJsonAsync<JsonElement>("/api/ca");
        var issuing = cas.EnumerateArray().Single(c => c.GetProperty("isActive").GetBoolean());
        var root = cas.EnumerateArray().Single(c => c.GetProperty("role").GetString() == "Root");
        var folder = Directory.CreateTempSubdirectory("kepoffice-ca-").FullName;
        var rootCer = Path.Combine(folder, "root.cer");
        var issuingCer = Path.Combine(folder, "issuing.cer");
        var crl = Path.Combine(folder, "issuing.crl");
        await File.WriteAllBytesAsync(rootCer, await client.GetByteArrayAsync(new Uri(root.GetProperty("certificateUrl").GetString()!).AbsolutePath));
        await File.WriteAllBytesAsync(issuingCer, await client.GetByteArrayAsync(new Uri(issuing.GetProperty("certificateUrl").GetString()!).AbsolutePath));
        var crlResponse = await client.GetAsync(new Uri(issuing.GetProperty("crlUrl").GetString()!).AbsolutePath);
        await File.WriteAllBytesAsync(crl, await crlResponse.Content.ReadAsByteArrayAsync());
        await OpenSsl.RunAsync("x509", "-inform", "DER", "-in", rootCer, "-out", rootCer + ".pem");
        await OpenSsl.RunAsync("x509", "-inform", "DER", "-in", issuingCer, "-out", issuingCer + ".pem");

        var chain = await OpenSsl.RunAsync("verify", "-CAfile", rootCer + ".pem", issuingCer + ".pem");
        var crlCheck = await OpenSsl.RunAsync("crl", "-inform", "DER", "-in", crl, "-CAfile", issuingCer + ".pem", "-noout", "-text");

        Assert.True(issuing.GetProperty("isDemo").GetBoolean());
        Assert.Equal("application/pkix-crl", crlResponse.Content.Headers.ContentType?.MediaType);
        Assert.True(chain.ExitCode == 0, chain.Output);
        Assert.Contains("OK", chain.Output);
        Assert.True(crlCheck.ExitCode == 0, crlCheck.Output);
        Assert.Contains("verify OK", crlCheck.Output);
        Assert.Contains("CRL Number", crlCheck.Output);
        Assert.Contains("GOST R 34.10-2012", crlCheck.Output);
    }

    [Theory, BothProviders]
    public async Task Unknown_ca_answers_404_problem_details(DatabaseProvider provider)
    {
        var client = apps.For(provider).CreateApiClient();

        var crl = await client.GetAsync("/cdp/no-such-ca.crl");
        var cer = await client.GetAsync("/aia/no-such-ca.cer");

        Assert.Equal(HttpStatusCode.NotFound, crl.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cer.StatusCode);
        Assert.Equal("application/problem+json", crl.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Administrator_command_line_lists_creates_and_refuses_clearly()
    {
        var dataPath = Directory.CreateTempSubdirectory("kepoffice-cli-").FullName;

        var list = await RunCliAsync(dataPath, "ca", "list");
        var init = await RunCliAsync(dataPath, "ca", "init", "--name", "УЦ Тест", "--org", "ООО Тест", "--algorithm", "gost512");
        var crl = await RunCliAsync(dataPath, "crl", "generate");
        var wrong = await RunCliAsync(dataPath, "ca", "init", "--algorithm", "rsa");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("Демонстрационный УЦ KepOffice", list.Output);
        Assert.Equal(0, init.ExitCode);
        Assert.Contains("ГОСТ Р 34.10-2012 512", init.Output);
        Assert.Equal(0, crl.ExitCode);
        Assert.Contains("CRL №", crl.Output);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("Неизвестный алгоритм «rsa»", wrong.Output);
        Assert.DoesNotContain("   at ", wrong.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(string dataPath, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "KepOffice.Web.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataPath,
        };
        start.Environment["KepOffice__DataPath"] = dataPath;
        start.Environment["KepOffice__Admin__Password"] = KepOfficeApp.AdminPassword;
        start.Environment["KepOffice__Demo__Password"] = KepOfficeApp.DemoPassword;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(180)).Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
