using KepOffice.Core.Data;
using KepOffice.Core.Email.Outbox;
using KepOffice.Core.Email.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Certificates.Lifecycle;

public sealed record ReminderRunResult(int Queued, int WithoutAddress);

/// <summary>
/// Reminds holders of valid certificates to renew, once per certificate and threshold. A certificate
/// gets only its most urgent due threshold: one found at 10 days left that missed the 14-day reminder
/// gets that one, not 60, 30 and 14 at once, and the larger ones are never sent afterwards.
/// </summary>
public sealed class RenewalReminders(
    KepOfficeDbContext db,
    EmailOutbox outbox,
    LifecycleMail mail,
    IOptions<LifecycleOptions> options,
    TimeProvider time,
    ILogger<RenewalReminders> logger)
{
    // Each conflict means another run committed work, so this bounds only a run that never wins.
    private const int MaxConflictsInARow = 50;

    private sealed record Candidate(Guid Id, string SerialHex, string HolderName, string? Email, DateTime NotBeforeUtc, DateTime NotAfterUtc, DateTime PrivateKeyNotAfterUtc);

    public async Task<ReminderRunResult> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var batchSize = options.Value.BatchSize;
        int queued = 0, withoutAddress = 0;

        // Threshold T (ascending) is the most urgent due one for deadlines in (previous T, T]. Each
        // threshold is read in two passes, one per kind of deadline, so that every query is one range
        // on one index (an OR of the two end dates made PostgreSQL read the whole register after the
        // lower bound: 5 s instead of 1.4 s on a million certificates).
        var lower = now.UtcDateTime;
        foreach (var days in options.Value.Thresholds)
        {
            var upper = now.UtcDateTime.AddDays(days);
            foreach (var kind in new[] { RenewalDeadline.CertificateValidity, RenewalDeadline.PrivateKeyUsagePeriod })
            {
                var conflicts = 0;
                DateTime? resumeFrom = null;
                while (true)
                {
                    var candidates = await CandidatesAsync(kind, days, lower, upper, resumeFrom, batchSize, cancellationToken);
                    var (batchQueued, batchWithoutAddress) = await TakeAsync(candidates, days, now, cancellationToken);
                    try
                    {
                        await db.SaveChangesAsync(cancellationToken);
                        conflicts = 0;
                        queued += batchQueued;
                        withoutAddress += batchWithoutAddress;

                        // Keyset paging: the next batch starts where this one ended instead of reading past the done rows
                        // again. ">=" keeps ties on the same instant; the reminder just written filters those out.
                        resumeFrom = candidates.Count > 0 ? DateTime.SpecifyKind(DeadlineOf(candidates[^1]).Utc, DateTimeKind.Utc) : resumeFrom;
                    }
                    catch (Exception e) when (LifecycleMail.IsRace(e) && ++conflicts <= MaxConflictsInARow)
                    {
                        // Another run took some of these first; the next query no longer returns them.
                        db.ChangeTracker.Clear();
                        logger.LogInformation("Renewal reminders at {Days} days: a concurrent run took part of a batch; retrying", days);
                        continue;
                    }
                    finally
                    {
                        db.ChangeTracker.Clear();
                    }

                    if (candidates.Count < batchSize)
                    {
                        break;
                    }
                }
            }

            lower = upper;
        }

        if (queued + withoutAddress > 0)
        {
            logger.LogInformation("Renewal reminders: {Queued} queued, {WithoutAddress} certificates without a usable address", queued, withoutAddress);
        }

        return new ReminderRunResult(queued, withoutAddress);
    }

    private Task<List<Candidate>> CandidatesAsync(RenewalDeadline kind, int days, DateTime lower, DateTime upper, DateTime? resumeFrom, int batchSize,
        CancellationToken cancellationToken)
    {
        var valid = db.Set<CertificateRecord>().AsNoTracking().Where(c => c.Status == CertificateStatus.Valid);

        // The deadline is the earlier of notAfter and the end of the private-key period (when one was recorded,
        // i.e. it lies after notBefore); DeadlineOf below makes the same choice.
        var ordered = kind switch
        {
            RenewalDeadline.CertificateValidity => valid
                .Where(c => c.NotAfterUtc > lower && c.NotAfterUtc <= upper)
                .Where(c => c.PrivateKeyNotAfterUtc <= c.NotBeforeUtc || c.PrivateKeyNotAfterUtc >= c.NotAfterUtc)
                .Where(c => resumeFrom == null || c.NotAfterUtc >= resumeFrom)
                .OrderBy(c => c.NotAfterUtc),
            RenewalDeadline.PrivateKeyUsagePeriod => valid
                .Where(c => c.PrivateKeyNotAfterUtc > lower && c.PrivateKeyNotAfterUtc <= upper)
                .Where(c => c.PrivateKeyNotAfterUtc > c.NotBeforeUtc && c.PrivateKeyNotAfterUtc < c.NotAfterUtc)
                .Where(c => resumeFrom == null || c.PrivateKeyNotAfterUtc >= resumeFrom)
                .OrderBy(c => c.PrivateKeyNotAfterUtc),
        };

        return ordered.ThenBy(c => c.Id)
            .Where(c => !db.Set<CertificateReminder>().Any(r => r.CertificateId == c.Id && r.ThresholdDays <= days))
            .Take(batchSize)
            .Select(c => new Candidate(c.Id, c.SerialHex, c.HolderName, c.Email, c.NotBeforeUtc, c.NotAfterUtc, c.PrivateKeyNotAfterUtc))
            .ToListAsync(cancellationToken);
    }

    private async Task<(int Queued, int WithoutAddress)> TakeAsync(List<Candidate> candidates, int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int queued = 0, withoutAddress = 0;
        var reminders = new List<CertificateReminder>(candidates.Count);
        var messages = new List<OutgoingEmail>(candidates.Count);
        var messageOf = new List<CertificateReminder>(candidates.Count);
        foreach (var c in candidates)
        {
            var (deadlineUtc, deadline) = DeadlineOf(c);
            var reminder = new CertificateReminder
            {
                Id = Guid.CreateVersion7(),
                CertificateId = c.Id,
                ThresholdDays = days,
                Deadline = deadline,
                DeadlineUtc = deadlineUtc,
                CreatedUtc = now.UtcDateTime,
            };
            if (LifecycleMail.IsDeliverable(c.Email))
            {
                var model = new RenewalReminderEmail(LifecycleMail.GreetingName(c.HolderName), c.SerialHex, mail.DaysLeft(deadlineUtc, now),
                    new DateTimeOffset(deadlineUtc, TimeSpan.Zero), deadline, mail.RenewalUrl(c.SerialHex));
                messages.Add(new OutgoingEmail(c.Email!, EmailTemplateIds.RenewalReminder, model)
                {
                    Correlation = $"certificate:{c.SerialHex}",
                    DedupeKey = DedupeKey(c.Id, days),
                });
                messageOf.Add(reminder);
            }
            else
            {
                // Recorded all the same, so the certificate is not picked up again on every run.
                withoutAddress++;
                logger.LogWarning("Certificate {CertificateId} has no usable e-mail address; its {Days}-day renewal reminder is not sent", c.Id, days);
            }

            reminders.Add(reminder);
        }

        // One dedupe query for the batch; the unique indexes on the reminder and the message stay the guard against a
        // concurrent run, which fails this batch's SaveChanges instead.
        var emails = await outbox.EnqueueManyAsync(messages, cancellationToken);
        for (var i = 0; i < emails.Count; i++)
        {
            messageOf[i].EmailId = emails[i]?.Id;
            queued += emails[i] is null ? 0 : 1;
        }

        db.AddRange(reminders);
        return (queued, withoutAddress);
    }

    internal static string DedupeKey(Guid certificateId, int days) => $"renewal:{certificateId:N}:{days}";

    private static (DateTime Utc, RenewalDeadline Kind) DeadlineOf(Candidate c)
    {
        var notAfter = DateTime.SpecifyKind(c.NotAfterUtc, DateTimeKind.Utc);
        var keyEnd = DateTime.SpecifyKind(c.PrivateKeyNotAfterUtc, DateTimeKind.Utc);
        return keyEnd > c.NotBeforeUtc && keyEnd < notAfter
            ? (keyEnd, RenewalDeadline.PrivateKeyUsagePeriod)
            : (notAfter, RenewalDeadline.CertificateValidity);
    }
}

