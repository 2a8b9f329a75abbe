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
            return new DatabaseSettings(DatabaseProvider.PostgreSql, connectionString);
        }

        var dataPath = ResolveDataPath(configuration, contentRoot);
        Directory.CreateDirectory(dataPath);
        return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataPath, "kepoffice.db")}");
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
