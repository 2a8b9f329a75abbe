using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace KepOffice.Core.Email.Transport;

public sealed class MailKitSmtpTransportFactory(SmtpOptions options) : ISmtpTransportFactory
{
    public async Task<IEmailTransport> ConnectAsync(CancellationToken cancellationToken)
    {
        var host = options.Host ?? throw new InvalidOperationException($"{SmtpOptions.SectionName}:{nameof(SmtpOptions.Host)} не задан.");
        var client = new SmtpClient { Timeout = checked(options.TimeoutSeconds * 1000) };

        // Without NoDelay the small final write of each message (".\r\n") waits for the server's delayed
        // ACK: about 40 ms per message, which caps a reused connection at ~20 messages/s.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
                await socket.ConnectAsync(host, options.Port, connectTimeout.Token);
            }

            await client.ConnectAsync(socket, host, options.Port, ToMailKit(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.User))
            {
                await client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken);
            }

            return new MailKitSmtpTransport(client);
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
    };

    private sealed class MailKitSmtpTransport(SmtpClient client) : IEmailTransport
    {
        public bool IsConnected => client.IsConnected;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
            await client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(true, quit.Token);
                }
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                // Every message of the batch is already accounted for; a failed QUIT changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
