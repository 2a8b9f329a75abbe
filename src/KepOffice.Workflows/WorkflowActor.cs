namespace KepOffice.Workflows;

/// <summary>The user on whose behalf an operation runs; passed explicitly by the host.</summary>
/// <param name="UserId">Stable user id; the only user datum written to the journal.</param>
/// <param name="DisplayName">Name for display; never stored in the journal.</param>
/// <param name="Roles">Roles the user holds, e.g. <c>Operator</c>, <c>Manager</c>.</param>
public sealed record WorkflowActor(string UserId, string DisplayName, IReadOnlyCollection<string> Roles)
{
    /// <summary>The actor recorded for scheduled jobs.</summary>
    public static WorkflowActor System { get; } = new("system", "Система", []);

    /// <summary>True when the user holds <paramref name="role"/> (ordinal comparison).</summary>
    public bool HasRole(string? role) =>
        role is not null && Roles.Any(r => string.Equals(r, role, StringComparison.Ordinal));
}
