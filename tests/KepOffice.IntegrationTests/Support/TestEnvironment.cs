namespace KepOffice.IntegrationTests.Support;

/// <summary>The real servers ./test.sh starts. Tests fail, never skip, when one is missing.</summary>
public static class TestEnvironment
{
    public static string PostgresAdminConnectionString => Required("KEPOFFICE_TEST_PG");

    public static string SmtpHost => Required("KEPOFFICE_TEST_SMTP_HOST");

    public static string SmtpPort => Required("KEPOFFICE_TEST_SMTP_PORT");

    public static string MaildevApi => Required("KEPOFFICE_TEST_MAILDEV_API");

    public static string Artifacts =>
        Environment.GetEnvironmentVariable("KEPOFFICE_TEST_ARTIFACTS") is { Length: > 0 } path
            ? Directory.CreateDirectory(path).FullName
            : Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts the real servers.");
}
