using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Audit;

public sealed record AuditFilter(string? Action = null, string? Actor = null, string? ObjectId = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, int Total);

/// <summary>The auditors' view of the log: newest first, filtered by action, actor, object and period.</summary>
public sealed class AuditQueries(KepOfficeDbContext db)
{
    public const int MaxPageSize = 200;
    public const int MaxSearchLength = 128;

    public async Task<AuditPage> ListAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(e => e.Sequence)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(cancellationToken);
        return new AuditPage(items, total);
    }

    /// <summary>Every row the filter selects, in chain order (for an export: read one by one, never held in memory).</summary>
    public IAsyncEnumerable<AuditEvent> InChainOrder(AuditFilter filter) => Filtered(filter).OrderBy(e => e.Sequence).AsAsyncEnumerable();

    private IQueryable<AuditEvent> Filtered(AuditFilter filter)
    {
        var query = db.Set<AuditEvent>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            query = query.Where(e => e.ActorId == actor || e.ActorName == actor);
        }

        if (!string.IsNullOrWhiteSpace(filter.ObjectId))
        {
            var objectId = filter.ObjectId.Trim();
            var upper = objectId.ToUpperInvariant();
            query = query.Where(e => e.ObjectId == objectId || e.ObjectId == upper);
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(e => e.OccurredUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(e => e.OccurredUtc < to);
        }

        return query;
    }

    public Task<AuditChainStatus> VerifyAsync(CancellationToken cancellationToken) => AuditChain.VerifyAsync(db, cancellationToken);
}
