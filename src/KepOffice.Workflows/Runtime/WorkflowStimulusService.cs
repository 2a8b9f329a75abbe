using System.Text.Json.Nodes;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Workflows.Runtime;

/// <summary>Delivers named stimuli (e.g. "payment-confirmed") to instances waiting with the same correlation id.</summary>
public sealed class WorkflowStimulusService
{
    private readonly WorkflowEngine _engine;
    private readonly WorkflowTransactions _transactions;
    private readonly WorkflowsOptions _options;

    internal WorkflowStimulusService(WorkflowEngine engine, WorkflowTransactions transactions, WorkflowsOptions options)
    {
        _engine = engine;
        _transactions = transactions;
        _options = options;
    }

    /// <summary>
    /// Resumes every bookmark waiting for <paramref name="name"/> with <paramref name="correlationId"/>; when none
    /// waits, the stimulus is kept in the inbox (until <see cref="WorkflowsOptions.InboxRetention"/>) and delivered to
    /// the first matching bookmark created later.
    /// </summary>
    public async Task<StimulusDeliveryResult> SendAsync(string name, string correlationId, JsonObject? payload = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId);
        var lockKey = WorkflowTransactions.StimulusKey(name, correlationId);
        for (var round = 0; round < 5; round++)
        {
            var waiting = await _transactions.RunAsync(lockKey, async (db, _) =>
            {
                var ids = await db.Bookmarks
                    .Where(b => b.Kind == BookmarkKind.Stimulus && b.Name == name && b.CorrelationId == correlationId)
                    .OrderBy(b => b.CreatedAt)
                    .Select(b => b.Id)
                    .ToListAsync(ct);
                if (ids.Count == 0)
                {
                    var now = _engine.UtcNow;
                    db.Inbox.Add(new InboxRecord
                    {
                        Id = Guid.NewGuid(),
                        Name = name,
                        CorrelationId = correlationId,
                        PayloadJson = payload?.ToJsonString(WorkflowJson.Compact),
                        CreatedAt = now,
                        ExpiresAt = now + _options.InboxRetention,
                    });
                }

                return ids;
            }, ct);
            if (waiting.Count == 0)
            {
                return new StimulusDeliveryResult(0, true);
            }

            var resumed = 0;
            foreach (var bookmarkId in waiting)
            {
                try
                {
                    if (await _engine.ResumeBookmarkAsync(bookmarkId, (JsonObject?)payload?.DeepClone(), null, ct))
                    {
                        resumed++;
                    }
                }
                catch (WorkflowConflictException)
                {
                    // The instance is faulted or ended meanwhile; the other bookmarks still get the stimulus.
                }
            }

            if (resumed > 0)
            {
                return new StimulusDeliveryResult(resumed, false);
            }
        }

        throw new WorkflowConflictException("Не удалось доставить событие: ожидающие экземпляры недоступны.");
    }
}
