using KepOffice.Core.Data;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace KepOffice.UnitTests.Core.Data;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void A_PostgreSQL_node_prepares_its_repeated_statements()
    {
        var settings = From("Host=db.internal;Port=5433;Database=kep;Username=kep;Password=s3cret");

        Assert.Equal(DatabaseProvider.PostgreSql, settings.Provider);
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(64, builder.MaxAutoPrepare);
        Assert.Equal(("db.internal", 5433, "kep", "s3cret"), (builder.Host, builder.Port, builder.Database, builder.Password));
    }

    [Theory]
    [InlineData("Host=db;Database=kep;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=kep;MaxAutoPrepare=10", 10)]
    public void An_explicit_auto_prepare_setting_is_kept(string connectionString, int expected)
    {
        var builder = new NpgsqlConnectionStringBuilder(From(connectionString).ConnectionString);

        Assert.Equal(expected, builder.MaxAutoPrepare);
    }

    [Fact]
    public void A_malformed_connection_string_is_left_for_Npgsql_to_report()
    {
        Assert.Equal("Host=db;Nonsense Key=1", DatabaseSettings.WithPreparedStatements("Host=db;Nonsense Key=1"));
    }

    private static DatabaseSettings From(string connectionString) => DatabaseSettings.From(
        new ConfigurationBuilder().AddInMemoryCollection([new(DatabaseSettings.SettingName, connectionString)]).Build(),
        Path.GetTempPath());
}
