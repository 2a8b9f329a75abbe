using KepOffice.Core.Audit;

namespace KepOffice.UnitTests.Core.Audit;

public sealed class AuditChainHashTests
{
    private static AuditEvent Row(Action<AuditEvent>? change = null)
    {
        var row = new AuditEvent
        {
            Id = Guid.Parse("01900000-0000-7000-8000-000000000001"),
            Sequence = 7,
            OccurredUtc = new DateTime(2026, 12, 2, 16, 45, 1, DateTimeKind.Utc).AddTicks(1230),
            ActorKind = AuditActorKind.User,
            ActorId = "u1",
            ActorName = "manager",
            Origin = "10.0.0.1",
            Action = AuditActions.CertificateRevoked,
            ObjectType = AuditObjects.Certificate,
            ObjectId = "0A1B",
            Detail = "УЦ demo, причина KeyCompromise",
        };
        change?.Invoke(row);
        return row;
    }

    [Fact]
    public void The_hash_is_sha256_hex_and_depends_on_the_previous_hash()
    {
        var hash = AuditChain.ComputeHash(AuditChain.GenesisHash, Row());

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, AuditChain.ComputeHash(AuditChain.GenesisHash, Row()));
        Assert.NotEqual(hash, AuditChain.ComputeHash(new string('1', 64), Row()));
    }

    [Fact]
    public void Every_hashed_field_changes_the_hash()
    {
        var original = AuditChain.ComputeHash(AuditChain.GenesisHash, Row());
        var changes = new Action<AuditEvent>[]
        {
            r => r.Sequence = 8,
            r => r.OccurredUtc = r.OccurredUtc.AddTicks(10),
            r => r.ActorKind = AuditActorKind.System,
            r => r.ActorId = "u2",
            r => r.ActorName = null,
            r => r.Origin = "",
            r => r.Action = AuditActions.CertificateHeld,
            r => r.ObjectType = null,
            r => r.ObjectId = "0A1C",
            r => r.Detail = "УЦ demo, причина Unspecified",
        };

        foreach (var change in changes)
        {
            Assert.NotEqual(original, AuditChain.ComputeHash(AuditChain.GenesisHash, Row(change)));
        }
    }

    [Fact]
    public void Moving_text_between_adjacent_fields_changes_the_hash()
    {
        var a = AuditChain.ComputeHash(AuditChain.GenesisHash, Row(r => (r.ObjectId, r.Detail) = ("0A", "1B")));
        var b = AuditChain.ComputeHash(AuditChain.GenesisHash, Row(r => (r.ObjectId, r.Detail) = ("0A1", "B")));

        Assert.NotEqual(a, b);
    }
}
