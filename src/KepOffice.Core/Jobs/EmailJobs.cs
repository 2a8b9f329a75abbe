using System.ComponentModel;
using Hangfire;
using KepOffice.Core.Email;
using KepOffice.Core.Email.Outbox;

namespace KepOffice.Core.Jobs;

/// <summary>Delivers the outbox; claims rows first, so two nodes never send one message twice.</summary>
public sealed class EmailJobs(EmailOutbox outbox)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Отправка писем")]
    public async Task DeliverAsync(CancellationToken cancellationToken)
    {
        // Drain in batches so a backlog after an SMTP outage clears in one run.
        for (var batch = 0; batch < 50; batch++)
        {
            var result = await outbox.DeliverDueAsync(200, cancellationToken);
            if (result.Claimed < 200)
            {
                break;
            }
        }
    }
}
