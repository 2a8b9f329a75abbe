using Npgsql;

namespace KepOffice.IntegrationTests.Support;

/// <summary>A fresh database on the test PostgreSQL server, one per application under test.</summary>
public static class PostgresDatabase
{
    public static string Create()
    {
        var name = "kep_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString) { Database = name, MaxPoolSize = 50 }
            .ConnectionString;
    }
}
