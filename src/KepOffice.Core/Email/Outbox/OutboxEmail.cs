namespace KepOffice.Core.Email.Outbox;

/// <summary>
/// A rendered message waiting for (or done with) delivery. Rows are written in the same transaction as
/// the business change that caused them, and delivered later by <see cref="EmailOutbox.DeliverDueAsync"/>.
/// All times are UTC.
/// </summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; }

    public required string TemplateId { get; set; }

    public required string Recipient { get; set; }

    public required string Subject { get; set; }

    public required string HtmlBody { get; set; }

    public required string TextBody { get; set; }

    public string? AttachmentFileName { get; set; }

    public string? AttachmentContentType { get; set; }

    /// <summary>
    /// Plain bytes for now; encryption at rest (a PKCS#12 lives here until sent) is added by the
    /// personal-data encryption layer. Cleared once the message is sent.
    /// </summary>
    public byte[]? Attachment { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>What the message is about, e.g. "application:2026-000123" or "certificate:{id}".</summary>
    public string? Correlation { get; set; }

    /// <summary>Unique when set: a second message with the same key is never queued.</summary>
    public string? DedupeKey { get; set; }

    public OutboxEmailStatus Status { get; set; }

    /// <summary>Counted when a message is claimed, so a message that crashes its node still runs out of attempts.</summary>
    public int Attempts { get; set; }

    /// <summary>When Pending: not before. When Sending: the claim lease; past it the message is claimed again.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Identifies the DeliverDueAsync call that holds the message while it is Sending.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>Exception type and SMTP status only; never addresses or message text.</summary>
    public string? LastError { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>The Message-Id header, fixed at enqueue so that a message sent again keeps it.</summary>
    public string? MessageId { get; set; }
}

public enum OutboxEmailStatus
{
    Pending,
    Sending,
    Sent,
    Failed,
}
