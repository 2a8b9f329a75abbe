using MimeKit;

namespace KepOffice.Core.Email.Transport;

/// <summary>
/// Used when no SMTP host is configured: each message becomes an .eml file in {DataPath}/mail-pickup,
/// which the UI lists. Files appear atomically (written under a temporary name, then renamed).
/// </summary>
public sealed class PickupFolderTransportFactory(MailPickupFolder folder) : ISmtpTransportFactory
{
    public Task<IEmailTransport> ConnectAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder.Path);
        return Task.FromResult<IEmailTransport>(new PickupFolderTransport(folder.Path));
    }

    private sealed class PickupFolderTransport(string path) : IEmailTransport
    {
        public bool IsConnected => true;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var stamp = message.Date.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var name = $"{stamp}-{SafeName(message.MessageId)}.eml";
            var temporary = System.IO.Path.Combine(path, "." + name + ".tmp");
            await using (var stream = File.Create(temporary))
            {
                await message.WriteToAsync(stream, cancellationToken);
            }

            File.Move(temporary, System.IO.Path.Combine(path, name), overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static string SafeName(string? messageId)
        {
            var local = (messageId ?? Guid.NewGuid().ToString("N")).Split('@')[0];
            return string.Concat(local.Where(char.IsAsciiLetterOrDigit));
        }
    }
}

/// <summary>Where the pickup transport writes; the UI lists this folder.</summary>
public sealed record MailPickupFolder(string Path)
{
    public const string FolderName = "mail-pickup";

    public static MailPickupFolder UnderDataPath(string dataPath) => new(System.IO.Path.Combine(dataPath, FolderName));
}
