using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace KepOffice.Tests.Shared;

// Compiled into the unit and the integration tests (a linked file): a maildev of a test's own, and maildev's HTTP API.

internal static class MailDevProcess
{
    /// <summary>The maildev program ./test.sh installs.</summary>
    public static string Executable => Require("KEPOFFICE_TEST_MAILDEV_BIN");

    public static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts maildev (see docs/TESTING.md).");
}

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed class MailDevApi(Uri baseAddress)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<List<JsonElement>> MessagesToAsync(string recipientDomain)
    {
        var all = await Http.GetFromJsonAsync<List<JsonElement>>(new Uri(baseAddress, "/api/email")) ?? [];
        return all.Where(m => m.GetProperty("to").EnumerateArray()
                .Any(t => t.GetProperty("address").GetString()!.EndsWith("@" + recipientDomain, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public async Task<bool> IsUpAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(baseAddress, "/api/email"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public static string MessageId(JsonElement message) => message.GetProperty("headers").GetProperty("message-id").GetString()!;
}

/// <summary>
/// A maildev process of the test's own, on free ports, that the test may stop and start. By default each start gets a
/// fresh mail directory, so the API lists only what that process received; with <paramref name="keepMail"/> every start
/// uses one directory, and maildev loads what earlier starts received (the API then lists everything).
/// </summary>
internal sealed class OwnMailDev(bool keepMail = false) : IAsyncDisposable
{
    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), "kepoffice-maildev-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int SmtpPort { get; } = Ports.Free();

    public int WebPort { get; } = Ports.Free();

    public MailDevApi Api => new(new Uri($"http://127.0.0.1:{WebPort}"));

    public async Task StartAsync()
    {
        // A fresh mail directory per start, so the API lists only what this process received (unless all is kept).
        var directory = keepMail ? _mailDirectory : Path.Combine(_mailDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(MailDevProcess.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--ip", "127.0.0.1", "--smtp", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--web", WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1",
                     "--mail-directory", directory, "--silent",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("maildev did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await Api.IsUpAsync() || !await AcceptsSmtpAsync())
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException("maildev did not come up on its ports");
            }

            await Task.Delay(100);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_mailDirectory, true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> AcceptsSmtpAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
