using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.IntegrationTests.Foundation;

public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteKepOfficeDbContext(
            new DbContextOptionsBuilder<SqliteKepOfficeDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "run the dotnet ef command written on KepOfficeDbContext for SQLite");
    }

    [Fact]
    public void Postgresql_migrations_match_the_model()
    {
        using var db = new PostgresKepOfficeDbContext(
            new DbContextOptionsBuilder<PostgresKepOfficeDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "run the dotnet ef command written on KepOfficeDbContext for PostgreSQL");
    }

    [Fact]
    public void Both_migration_sets_have_the_same_migrations()
    {
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        using var sqlite = new SqliteKepOfficeDbContext(
            new DbContextOptionsBuilder<SqliteKepOfficeDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgresKepOfficeDbContext(
            new DbContextOptionsBuilder<PostgresKepOfficeDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        Assert.Equal(Names(sqlite), Names(postgres));
    }
}
