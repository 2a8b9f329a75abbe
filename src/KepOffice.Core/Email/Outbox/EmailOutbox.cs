using System.Data.Common;
using System.Net.Sockets;
using KepOffice.Core.Email.Templates;
using KepOffice.Core.Email.Transport;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KepOffice.Core.Email.Outbox;

/// <summary>What to queue: a template, its model and where it goes.</summary>
public sealed record OutgoingEmail(string Recipient, string TemplateId, object Model)
{
    /// <summary>What the message is about, e.g. "application:2026-000123"; shown in the UI.</summary>
    public string? Correlation { get; init; }

    /// <summary>When set, at most one message with this key is ever queued (e.g. "renewal:{certId}:30").</summary>
    public string? DedupeKey { get; init; }

    public EmailAttachment? Attachment { get; init; }
}

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

public sealed record OutboxDeliveryResult(int Claimed, int Sent, int Retrying, int Failed)
{
    public static readonly OutboxDeliveryResult Nothing = new(0, 0, 0, 0);
}

/// <summary>
/// The durable e-mail outbox. Enqueue adds a row to the caller's unit of work; delivery claims due rows
/// with a guarded UPDATE (so two nodes never take the same row), sends a batch over one connection and
/// reschedules failures with exponential back-off.
/// </summary>
public sealed class EmailOutbox
{
    private readonly DbContext _db;
    private readonly EmailTemplates _templates;
    private readonly ISmtpTransportFactory _transports;
    private readonly SmtpOptions _smtp;
    private readonly EmailOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmailOutbox> _logger;

    public EmailOutbox(
        DbContext db,
        EmailTemplates templates,
        ISmtpTransportFactory transports,
        IOptions<SmtpOptions> smtp,
        IOptions<EmailOptions> options,
        TimeProvider time,
        ILogger<EmailOutbox> logger)
    {
        _db = db;
        _templates = templates;
        _transports = transports;
        _smtp = smtp.Value;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// How many messages may have left without their "sent" record. One UPDATE per message, waited for, would add the
    /// database's round trip to every SMTP exchange; this bound keeps what a dying node can send twice small.
    /// </summary>
    internal const int MaxUnrecordedSends = 4;

    // Keys per dedupe query: one array parameter on PostgreSQL, one JSON parameter on SQLite.
    private const int DedupeLookupChunk = 1000;

    private DbSet<OutboxEmail> Emails => _db.Set<OutboxEmail>();

    private string SenderDomain()
    {
        var at = _smtp.FromAddress.LastIndexOf('@');
        return at >= 0 && at < _smtp.FromAddress.Length - 1 ? _smtp.FromAddress[(at + 1)..] : "localhost";
    }

    /// <summary>
    /// Renders the message and adds it to the DbContext without saving, so it commits together with the
    /// caller's change. Returns null when a message with the same dedupe key exists already. Two callers
    /// racing with one key both pass this check; the unique index then fails the second SaveChanges, and
    /// its retry finds the first message.
    /// </summary>
    public async Task<OutboxEmail?> EnqueueAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var rows = await EnqueueManyAsync([email], cancellationToken);
        return rows[0];
    }

    /// <summary>
    /// <see cref="EnqueueAsync"/> for many messages at once: one query checks all their dedupe keys. The result holds, in
    /// the order given, each queued row or null where the key exists already (in the database, in this unit of work or
    /// earlier in the list). Nothing is added unless every recipient parses and every message renders.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEmail?>> EnqueueManyAsync(IReadOnlyList<OutgoingEmail> emails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var recipients = new string[emails.Count];
        for (var i = 0; i < emails.Count; i++)
        {
            var email = emails[i] ?? throw new ArgumentException("Письмо не задано.", nameof(emails));
            if (!MailboxAddress.TryParse(email.Recipient, out var mailbox) || string.IsNullOrEmpty(mailbox.Address) || !mailbox.Address.Contains('@'))
            {
                throw new ArgumentException("Адрес получателя письма не разобран.", nameof(emails));
            }

            recipients[i] = mailbox.Address;
        }

        var taken = await TakenDedupeKeysAsync(emails, cancellationToken);
        var now = _time.GetUtcNow().UtcDateTime;
        var domain = SenderDomain();
        var rows = new OutboxEmail?[emails.Count];
        for (var i = 0; i < emails.Count; i++)
        {
            var email = emails[i];
            if (email.DedupeKey is { } key && !taken.Add(key))
            {
                continue;
            }

            var rendered = _templates.Render(email.TemplateId, email.Model);
            var id = Guid.CreateVersion7();
            var row = new OutboxEmail
            {
                Id = id,

                // Fixed before the first attempt, so a message sent again after a crash carries the same id.
                MessageId = $"{id:N}@{domain}",
                TemplateId = email.TemplateId,
                Recipient = recipients[i],
                Subject = rendered.Subject,
                HtmlBody = rendered.Html,
                TextBody = rendered.Text,
                AttachmentFileName = email.Attachment?.FileName,
                AttachmentContentType = email.Attachment?.ContentType,
                Attachment = email.Attachment?.Content,
                CreatedAt = now,
                Correlation = email.Correlation,
                DedupeKey = email.DedupeKey,
                Status = OutboxEmailStatus.Pending,
                NextAttemptAt = now,
            };
            rows[i] = row;
        }

        // Added only once every message rendered: a template that throws leaves the unit of work as it was.
        foreach (var row in rows)
        {
            if (row is not null)
            {
                Emails.Add(row);
            }
        }

        return rows;
    }

    /// <summary>Those of the messages' dedupe keys that a queued message (saved, or added to this unit of work) holds already.</summary>
    private async Task<HashSet<string>> TakenDedupeKeysAsync(IReadOnlyList<OutgoingEmail> emails, CancellationToken cancellationToken)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var keys = emails.Select(e => e.DedupeKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return taken;
        }

        // DbSet.Local runs DetectChanges over every tracked entity on each access, which made a loop of enqueues quadratic
        // in the size of the unit of work. A queued row's key is set when it is added and never changed, so the rows
        // tracked already are read as they are.
        var detect = _db.ChangeTracker.AutoDetectChangesEnabled;
        _db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var local in Emails.Local)
            {
                if (local.DedupeKey is { } key)
                {
                    taken.Add(key);
                }
            }
        }
        finally
        {
            _db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        var unknown = keys.Where(k => !taken.Contains(k)).ToList();
        foreach (var chunk in unknown.Chunk(DedupeLookupChunk))
        {
            var found = await Emails.AsNoTracking()
                .Where(e => e.DedupeKey != null && chunk.Contains(e.DedupeKey))
                .Select(e => e.DedupeKey!)
                .ToListAsync(cancellationToken);
            taken.UnionWith(found);
        }

        return taken;
    }

    /// <summary>
    /// Sends up to <paramref name="batchSize"/> due messages over one connection. Outcomes are written by a recorder that
    /// runs beside the sending: each "sent" record follows the server's "250 OK" by about one database round trip, in
    /// groups of whatever arrived meanwhile, and the sending waits when <see cref="MaxUnrecordedSends"/> messages have left
    /// without a record. A node that dies mid-batch therefore sends at most that many messages again (same Message-Id)
    /// after the lease, and the database's latency is not added to the SMTP server's.
    /// </summary>
    public async Task<OutboxDeliveryResult> DeliverDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var claimToken = Guid.NewGuid();
        var claimed = await ClaimAsync(batchSize, claimToken, cancellationToken);
        var claimedAt = _time.GetTimestamp();
        if (claimed.Count == 0)
        {
            return OutboxDeliveryResult.Nothing;
        }

        int sent = 0, retrying = 0, failed = 0;
        void Count(OutboxEmailStatus status)
        {
            if (status == OutboxEmailStatus.Failed)
            {
                failed++;
            }
            else
            {
                retrying++;
            }
        }

        IEmailTransport? transport = null;
        var index = 0;
        var recorder = new OutcomeRecorder(this, claimToken);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, recorder.Failed);
        try
        {
            // The claim is a lease: once it runs out, another node's run takes the rows still waiting here and sends them
            // too. A batch that has used half its lease (a slow SMTP server, a busy machine) stops, and the rows it did not
            // reach go back to the queue at once.
            for (; index < claimed.Count && !sending.IsCancellationRequested && _time.GetElapsedTime(claimedAt) < _options.SendingTimeout / 2; index++)
            {
                var email = claimed[index];
                if (email.Attempts > _options.MaxAttempts)
                {
                    // Claimed again and again without a recorded outcome: its sends keep killing the node.
                    Count(recorder.Failure(email, "Abandoned: no outcome after repeated claims"));
                    continue;
                }

                if (transport is null)
                {
                    try
                    {
                        transport = await _transports.ConnectAsync(cancellationToken);
                    }
                    catch (Exception e) when (!IsCancellation(e, cancellationToken))
                    {
                        // Trying each remaining message would only repeat the connect timeout: all wait for their next attempt.
                        for (; index < claimed.Count; index++)
                        {
                            Count(recorder.Failure(claimed[index], Describe(e)));
                        }

                        break;
                    }
                }

                if (!await recorder.WaitForRoomAsync(sending.Token))
                {
                    break;
                }

                try
                {
                    var message = Compose(email);
                    await transport.SendAsync(message, cancellationToken);
                    sent++;
                    recorder.Sent(email.Id);
                }
                catch (Exception e) when (!IsCancellation(e, cancellationToken))
                {
                    recorder.GiveBackRoom();
                    Count(recorder.Failure(email, Describe(e), IsPermanent(e)));
                    if (!transport.IsConnected)
                    {
                        await transport.DisposeAsync();
                        transport = null;
                    }
                }
            }
        }
        finally
        {
            // Every outcome is written before the connection's QUIT and before the untried rows are given back; a recorder
            // that failed (the database gone for longer than its retries) throws here, and the rows it did not record wait
            // for their lease.
            try
            {
                await recorder.CompleteAsync();
            }
            finally
            {
                if (transport is not null)
                {
                    await transport.DisposeAsync();
                }
            }

            if (index < claimed.Count)
            {
                await ReleaseAsync(claimed.Skip(index).Select(e => e.Id).ToList(), claimToken);
            }
        }

        _logger.LogInformation("E-mail outbox: {Claimed} claimed, {Sent} sent, {Retrying} to retry, {Failed} failed", claimed.Count, sent, retrying, failed);
        return new OutboxDeliveryResult(claimed.Count, sent, retrying, failed);
    }

    /// <summary>A person decided to try a Failed message again: it gets a fresh set of attempts. False when it is not Failed.</summary>
    public async Task<bool> RetryFailedAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var changed = await Emails
            .Where(e => e.Id == id && e.Status == OutboxEmailStatus.Failed)
            .ExecuteUpdateAsync(
                s => s.SetProperty(e => e.Status, OutboxEmailStatus.Pending)
                    .SetProperty(e => e.Attempts, 0)
                    .SetProperty(e => e.NextAttemptAt, now),
                cancellationToken);
        return changed == 1;
    }

    /// <summary>Back-off after the given (1-based) failed attempt: 1, 2, 4 … minutes, capped.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var delay = _options.FirstRetryDelay * Math.Pow(2, exponent);
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private async Task<List<OutboxEmail>> ClaimAsync(int batchSize, Guid claimToken, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var lease = now + _options.SendingTimeout;

        // A Sending row whose lease ran out was left by a node that died mid-batch.
        var candidates = await Emails.AsNoTracking()
            .Where(e => (e.Status == OutboxEmailStatus.Pending || e.Status == OutboxEmailStatus.Sending) && e.NextAttemptAt <= now)
            .OrderBy(e => e.NextAttemptAt)
            .Select(e => e.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        // The WHERE is evaluated again under the row lock: of two nodes that picked the same candidates,
        // the second one's UPDATE finds the rows already leased and takes none of them.
        await Emails
            .Where(e => candidates.Contains(e.Id)
                && (e.Status == OutboxEmailStatus.Pending || e.Status == OutboxEmailStatus.Sending)
                && e.NextAttemptAt <= now)
            .ExecuteUpdateAsync(
                s => s.SetProperty(e => e.Status, OutboxEmailStatus.Sending)
                    .SetProperty(e => e.ClaimToken, claimToken)
                    .SetProperty(e => e.NextAttemptAt, lease)
                    .SetProperty(e => e.Attempts, e => e.Attempts + 1),
                cancellationToken);

        return await Emails.AsNoTracking()
            .Where(e => e.ClaimToken == claimToken)
            .OrderBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    private async Task MarkSentAsync(List<Guid> ids, Guid claimToken)
    {
        // The messages have left: a record that fails (the database restarting) is tried again for a while, because a row
        // left "Sending" is sent a second time when its lease runs out.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RecordSentAsync(ids, claimToken);
                return;
            }
            catch (Exception e) when (attempt < 10 && e is DbException or InvalidOperationException or TimeoutException)
            {
                _logger.LogWarning("Recording {Count} sent e-mails failed ({ExceptionType}); trying again", ids.Count, e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    private async Task RecordSentAsync(List<Guid> ids, Guid claimToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;

        // Recorded even when the caller is cancelling. The attachment (possibly a PKCS#12 with the applicant's key) is not
        // kept after delivery.
        await Emails
            .Where(e => ids.Contains(e.Id) && e.ClaimToken == claimToken)
            .ExecuteUpdateAsync(
                s => s.SetProperty(e => e.Status, OutboxEmailStatus.Sent)
                    .SetProperty(e => e.SentAt, now)
                    .SetProperty(e => e.ClaimToken, (Guid?)null)
                    .SetProperty(e => e.Attachment, (byte[]?)null)
                    .SetProperty(e => e.LastError, (string?)null),
                CancellationToken.None);
    }

    private Failure FailureOf(OutboxEmail email, string error, bool permanent)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var status = permanent || email.Attempts >= _options.MaxAttempts ? OutboxEmailStatus.Failed : OutboxEmailStatus.Pending;
        var next = status == OutboxEmailStatus.Failed ? now : now + RetryDelay(email.Attempts);
        return new Failure(email.Id, email.Attempts, status, next, error.Length > 300 ? error[..300] : error);
    }

    private async Task RecordFailureAsync(Failure failure, Guid claimToken)
    {
        await Emails
            .Where(e => e.Id == failure.Id && e.ClaimToken == claimToken)
            .ExecuteUpdateAsync(
                s => s.SetProperty(e => e.Status, failure.Status)
                    .SetProperty(e => e.NextAttemptAt, failure.NextAttemptAt)
                    .SetProperty(e => e.ClaimToken, (Guid?)null)
                    .SetProperty(e => e.LastError, failure.Error),
                CancellationToken.None);
        _logger.LogWarning("E-mail {EmailId} attempt {Attempt} failed ({Error}); {Outcome}", failure.Id, failure.Attempt, failure.Error,
            failure.Status == OutboxEmailStatus.Failed ? "gave up" : "retry at " + failure.NextAttemptAt.ToString("O"));
    }

    private sealed record Failure(Guid Id, int Attempt, OutboxEmailStatus Status, DateTime NextAttemptAt, string Error);

    /// <summary>
    /// Writes a batch's outcomes while the batch goes on sending: the only user of the DbContext between the claim and the
    /// release. Sent messages are recorded in groups of whatever arrived during the previous write; failures one by one, in
    /// order. Room for <see cref="MaxUnrecordedSends"/> messages is taken before a send and given back once its record is
    /// written.
    /// </summary>
    private sealed class OutcomeRecorder
    {
        private readonly EmailOutbox _outbox;
        private readonly Guid _claimToken;
        private readonly System.Threading.Channels.Channel<object> _outcomes =
            System.Threading.Channels.Channel.CreateUnbounded<object>(new() { SingleReader = true, SingleWriter = true });
        private readonly SemaphoreSlim _room = new(MaxUnrecordedSends, MaxUnrecordedSends);
        private readonly CancellationTokenSource _failed = new();
        private readonly Task _writing;

        public OutcomeRecorder(EmailOutbox outbox, Guid claimToken)
        {
            _outbox = outbox;
            _claimToken = claimToken;
            _writing = Task.Run(WriteAsync);
        }

        /// <summary>Cancelled when the recorder has given up: the sending stops.</summary>
        public CancellationToken Failed => _failed.Token;

        /// <summary>Waits until fewer than <see cref="MaxUnrecordedSends"/> messages are unrecorded; false when stopped.</summary>
        public async Task<bool> WaitForRoomAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _room.WaitAsync(cancellationToken);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        /// <summary>The message was not sent after all: its room is free again.</summary>
        public void GiveBackRoom() => _room.Release();

        public void Sent(Guid id) => _outcomes.Writer.TryWrite(id);

        public OutboxEmailStatus Failure(OutboxEmail email, string error, bool permanent = false)
        {
            var failure = _outbox.FailureOf(email, error, permanent);
            _outcomes.Writer.TryWrite(failure);
            return failure.Status;
        }

        public async Task CompleteAsync()
        {
            // The semaphore and the token source have no wait handle or timer to free, and the batch's linked token source
            // still refers to this one's token: neither is disposed.
            _outcomes.Writer.TryComplete();
            await _writing;
        }

        private async Task WriteAsync()
        {
            var reader = _outcomes.Reader;
            var sent = new List<Guid>();
            var failures = new List<Failure>();
            try
            {
                while (await reader.WaitToReadAsync())
                {
                    while (reader.TryRead(out var outcome))
                    {
                        if (outcome is Guid id)
                        {
                            sent.Add(id);
                        }
                        else
                        {
                            failures.Add((Failure)outcome);
                        }
                    }

                    if (sent.Count > 0)
                    {
                        await _outbox.MarkSentAsync(sent, _claimToken);
                        _room.Release(sent.Count);
                        sent.Clear();
                    }

                    foreach (var failure in failures)
                    {
                        await _outbox.RecordFailureAsync(failure, _claimToken);
                    }

                    failures.Clear();
                }
            }
            catch
            {
                await _failed.CancelAsync();
                throw;
            }
        }
    }

    private async Task ReleaseAsync(List<Guid> ids, Guid claimToken)
    {
        // Cancelled before these were tried: give the attempt back and let the next run take them at once.
        var now = _time.GetUtcNow().UtcDateTime;
        await Emails
            .Where(e => ids.Contains(e.Id) && e.ClaimToken == claimToken)
            .ExecuteUpdateAsync(
                s => s.SetProperty(e => e.Status, OutboxEmailStatus.Pending)
                    .SetProperty(e => e.NextAttemptAt, now)
                    .SetProperty(e => e.ClaimToken, (Guid?)null)
                    .SetProperty(e => e.Attempts, e => e.Attempts - 1),
                CancellationToken.None);
    }

    private MimeMessage Compose(OutboxEmail email)
    {
        var from = new MailboxAddress(string.IsNullOrWhiteSpace(_smtp.FromName) ? _options.CaName : _smtp.FromName, _smtp.FromAddress);
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(email.Recipient));
        message.Subject = email.Subject;
        message.Date = _time.GetUtcNow();

        message.MessageId = email.MessageId ?? $"{email.Id:N}@{from.Domain}";
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody };
        if (email.Attachment is not null)
        {
            body.Attachments.Add(
                email.AttachmentFileName ?? "attachment.bin",
                email.Attachment,
                ContentType.Parse(email.AttachmentContentType ?? "application/octet-stream"));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>A 5xx refusal of the recipient will not change by itself; retrying only delays the alert.</summary>
    private static bool IsPermanent(Exception e) =>
        e is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } smtp && (int)smtp.StatusCode >= 500;

    private static bool IsCancellation(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Exception type and SMTP or socket status only: server replies can quote the recipient.</summary>
    internal static string Describe(Exception e) => e switch
    {
        SmtpCommandException smtp => $"{nameof(SmtpCommandException)} {(int)smtp.StatusCode} {smtp.StatusCode} {smtp.ErrorCode}",
        SocketException socket => $"{nameof(SocketException)} {socket.SocketErrorCode}",
        { InnerException: SocketException inner } => $"{e.GetType().Name} ({nameof(SocketException)} {inner.SocketErrorCode})",
        _ => e.GetType().Name,
    };
}
