using KepOffice.Core.Certificates.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KepOffice.UnitTests.Core.Certificates;

public sealed class LifecycleRaceTests
{
    [Fact]
    public void A_deadlock_is_a_race_also_when_the_execution_strategy_wraps_it()
    {
        var deadlock = new DbUpdateException("save failed", new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected));
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", deadlock);
        var otherFailure = new InvalidOperationException("wrapped", new DbUpdateException("save failed",
            new PostgresException("value too long", "ERROR", "ERROR", PostgresErrorCodes.StringDataRightTruncation)));

        Assert.True(LifecycleMail.IsRace(deadlock));
        Assert.True(LifecycleMail.IsRace(wrapped));
        Assert.False(LifecycleMail.IsRace(otherFailure));
        Assert.False(LifecycleMail.IsRace(new InvalidOperationException("not a save")));
    }
}
