using KepOffice.Core.Data;
using KepOffice.Core.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KepOffice.Core.Certificates.Lifecycle;

/// <summary>What the lifecycle messages need besides the certificate: links, the holder's greeting and the CA's calendar.</summary>
public sealed class LifecycleMail(IOptions<LifecycleOptions> lifecycle, IOptions<PkiHostOptions> pki, IOptions<EmailOptions> email)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(email.Value.TimeZoneId);

    public Uri RenewalUrl(string serialHex)
    {
        var template = lifecycle.Value.RenewalUrl ?? $"{pki.Value.PublicUrl.TrimEnd('/')}/renewal/{{serial}}";
        return new Uri(template.Replace("{serial}", Uri.EscapeDataString(serialHex), StringComparison.Ordinal));
    }

    public Uri NewApplicationUrl() => new(lifecycle.Value.NewApplicationUrl ?? $"{pki.Value.PublicUrl.TrimEnd('/')}/");

    /// <summary>Calendar days between today and the end date, as the holder reads them in the CA's time zone.</summary>
    public int DaysLeft(DateTime deadlineUtc, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);
        var end = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(deadlineUtc, TimeSpan.Zero), _zone).DateTime);
        return Math.Max(0, end.DayNumber - today.DayNumber);
    }

    /// <summary>The register holds "Фамилия Имя Отчество"; the greeting uses the given name and patronymic.</summary>
    public static string GreetingName(string holderName)
    {
        var trimmed = holderName.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? trimmed[(space + 1)..].Trim() : trimmed;
    }

    /// <summary>The same test the outbox applies, made beforehand so that a bad address is recorded, not thrown.</summary>
    public static bool IsDeliverable(string? address) =>
        !string.IsNullOrWhiteSpace(address) && MailboxAddress.TryParse(address, out var mailbox)
        && !string.IsNullOrEmpty(mailbox.Address) && mailbox.Address.Contains('@');

    /// <summary>
    /// Another run (or node) got there first: a unique index, the row version or a deadlock between the two refused the batch.
    /// Npgsql's execution strategy hands a failure it deems transient (a deadlock) back wrapped in an InvalidOperationException.
    /// </summary>
    internal static bool IsRace(Exception e) => e switch
    {
        DbUpdateException update => update is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(update)
            || update.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure },
        InvalidOperationException { InnerException: DbUpdateException inner } => IsRace(inner),
        _ => false,
    };
}
