using KepOffice.Core.Data;

namespace KepOffice.Core.Audit;

public sealed record AuditActor(AuditActorKind Kind, string Id, string? Name, string? Origin)
{
    public static readonly AuditActor System = new(AuditActorKind.System, "system", null, null);
}

/// <summary>Who acts in the current scope: the host supplies the signed-in user or intake client; jobs act as the system.</summary>
public interface IAuditActorSource
{
    AuditActor Current { get; }
}

internal sealed class SystemAuditActorSource : IAuditActorSource
{
    public AuditActor Current => AuditActor.System;
}

/// <summary>
/// Adds audit rows to the unit of work: they are written by the next SaveChanges and chained in the same transaction as
/// the change they record (<see cref="AuditChain"/>). Pass identifiers only: no names, СНИЛС, passport data or e-mail addresses.
/// </summary>
public sealed class AuditLog(KepOfficeDbContext db, IAuditActorSource actors, TimeProvider timeProvider)
{
    public AuditEvent Record(string action, string? objectType, string? objectId, string? detail = null, AuditActor? actor = null)
    {
        var row = NewRow(actor ?? actors.Current, timeProvider.GetUtcNow().UtcDateTime, action, objectType, objectId, detail);
        db.Set<AuditEvent>().Add(row);
        return row;
    }

    /// <summary>A row as it is chained: time cut to microseconds, fields cut to their column lengths.</summary>
    internal static AuditEvent NewRow(AuditActor who, DateTime whenUtc, string action, string? objectType, string? objectId, string? detail) => new()
    {
        Id = Guid.CreateVersion7(),
        // PostgreSQL keeps microseconds: the hashed value must be the one read back.
        OccurredUtc = new DateTime(whenUtc.Ticks - (whenUtc.Ticks % 10), DateTimeKind.Utc),
        ActorKind = who.Kind,
        ActorId = Truncate(who.Id, 64)!,
        ActorName = Truncate(who.Name, 256),
        Origin = Truncate(who.Origin, 64),
        Action = action,
        ObjectType = objectType,
        ObjectId = Truncate(objectId, 128),
        Detail = Truncate(detail, AuditEvent.MaxDetailLength),
    };

    /// <summary>An actor other than the current one (e.g. the account signing in), seen from the current origin.</summary>
    public AuditActor Actor(AuditActorKind kind, string id, string? name) => new(kind, id, name, actors.Current.Origin);

    private static string? Truncate(string? value, int length) => value is { Length: var l } && l > length ? value[..length] : value;
}
