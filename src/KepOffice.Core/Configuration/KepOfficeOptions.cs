namespace KepOffice.Core.Configuration;

/// <summary>The "KepOffice" configuration section. Every setting is listed in the README.</summary>
public sealed class KepOfficeOptions
{
    public const string SectionName = "KepOffice";

    /// <summary>Folder for the embedded SQLite database, the e-mail pickup folder and local keys.</summary>
    public string DataPath { get; set; } = "data";

    public AdminOptions Admin { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();
}

public sealed class AdminOptions
{
    public string Login { get; set; } = "admin";

    /// <summary>Password of the first administrator; when empty a random one is printed once.</summary>
    public string? Password { get; set; }
}

public sealed class DemoOptions
{
    /// <summary>Creates demo staff accounts (and, later, a demo CA and applications) on first run.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Password of the demo staff accounts; when empty a random one is printed once.</summary>
    public string? Password { get; set; }
}

public sealed class AuthOptions
{
    public int MaxFailedAccessAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
