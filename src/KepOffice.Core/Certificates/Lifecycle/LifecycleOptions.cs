namespace KepOffice.Core.Certificates.Lifecycle;

/// <summary>The "KepOffice:Lifecycle" section: renewal reminders, expiry and the revocation deadline.</summary>
public sealed class LifecycleOptions
{
    public const string SectionName = "KepOffice:Lifecycle";

    public static readonly IReadOnlyList<int> DefaultReminderDays = [60, 30, 14, 3];

    /// <summary>
    /// Days before the end of the certificate (or of its private-key usage period, whichever is first)
    /// at which the holder is reminded. Null means <see cref="DefaultReminderDays"/>; an array, because
    /// the configuration binder would append to a pre-filled list instead of replacing it.
    /// </summary>
    public int[]? ReminderDays { get; set; }

    /// <summary>Link in the reminder that starts renewal; "{serial}" is replaced. Default: {PublicUrl}/renewal/{serial}.</summary>
    public string? RenewalUrl { get; set; }

    /// <summary>Link in the expiry message to apply for a new certificate. Default: {PublicUrl}/.</summary>
    public string? NewApplicationUrl { get; set; }

    /// <summary>Certificates handled per transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Certificates revoked per transaction by a bulk revocation.</summary>
    public int BulkRevocationBatchSize { get; set; } = 100;

    /// <summary>A bulk revocation publishes a CRL after this many batches (and always at the end).</summary>
    public int BulkRevocationCrlEveryBatches { get; set; } = 10;

    /// <summary>Hours from a revocation request within which the termination must be in the register (63-ФЗ: 12).</summary>
    public double RevocationDeadlineHours { get; set; } = 12;

    /// <summary>Hours after the request at which managers are alarmed about a request still not carried out.</summary>
    public double RevocationAlarmAfterHours { get; set; } = 10;

    /// <summary>The thresholds in ascending order (most urgent first).</summary>
    public IReadOnlyList<int> Thresholds => (ReminderDays ?? [.. DefaultReminderDays]).Order().ToArray();

    /// <summary>Everything that is wrong with the section, in Russian; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var days = ReminderDays ?? [.. DefaultReminderDays];
        if (days.Length == 0)
        {
            errors.Add("KepOffice:Lifecycle:ReminderDays: укажите хотя бы один срок напоминания (в днях).");
        }

        if (days.Any(d => d is < 1 or > 366))
        {
            errors.Add("KepOffice:Lifecycle:ReminderDays: каждый срок — целое число дней от 1 до 366.");
        }

        if (days.Distinct().Count() != days.Length)
        {
            errors.Add("KepOffice:Lifecycle:ReminderDays: сроки не должны повторяться.");
        }

        if (RevocationDeadlineHours is <= 0 or > 12)
        {
            errors.Add("KepOffice:Lifecycle:RevocationDeadlineHours: больше 0 и не больше 12 часов.");
        }

        if (RevocationAlarmAfterHours <= 0 || RevocationAlarmAfterHours >= RevocationDeadlineHours)
        {
            errors.Add("KepOffice:Lifecycle:RevocationAlarmAfterHours: больше 0 и меньше срока RevocationDeadlineHours, чтобы оповещение пришло до истечения срока.");
        }

        if (BulkRevocationBatchSize is < 1 or > 10_000)
        {
            errors.Add("KepOffice:Lifecycle:BulkRevocationBatchSize: от 1 до 10000.");
        }

        if (BulkRevocationCrlEveryBatches < 1)
        {
            errors.Add("KepOffice:Lifecycle:BulkRevocationCrlEveryBatches: не меньше 1.");
        }

        if (BatchSize is < 1 or > 10_000)
        {
            errors.Add("KepOffice:Lifecycle:BatchSize: от 1 до 10000.");
        }

        foreach (var (name, value) in new[] { ("RenewalUrl", RenewalUrl?.Replace("{serial}", "0", StringComparison.Ordinal)), ("NewApplicationUrl", NewApplicationUrl) })
        {
            // On Unix "/renewal/x" parses as an absolute file URI: insist on a web scheme.
            if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            {
                errors.Add($"KepOffice:Lifecycle:{name}: нужен абсолютный адрес (http://… или https://…).");
            }
        }

        return errors;
    }
}
