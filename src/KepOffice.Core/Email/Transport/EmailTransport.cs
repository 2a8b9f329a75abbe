using MimeKit;

namespace KepOffice.Core.Email.Transport;

/// <summary>Opens one connection (or session) that a whole delivery batch reuses.</summary>
public interface ISmtpTransportFactory
{
    Task<IEmailTransport> ConnectAsync(CancellationToken cancellationToken);
}

public interface IEmailTransport : IAsyncDisposable
{
    /// <summary>False once the connection broke; the caller then opens a new one.</summary>
    bool IsConnected { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
