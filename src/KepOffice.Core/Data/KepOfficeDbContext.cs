using KepOffice.Core.Identity;
using KepOffice.Workflows;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Data;

/// <summary>
/// The one application DbContext. Two provider-specific subclasses exist only so that each provider
/// keeps its own migration set; the model is defined here once.
/// Migrations (run from the repository root):
///   dotnet ef migrations add NAME --project src/KepOffice.Core --startup-project src/KepOffice.Core --context SqliteKepOfficeDbContext --output-dir Data/Migrations/Sqlite
///   dotnet ef migrations add NAME --project src/KepOffice.Core --startup-project src/KepOffice.Core --context PostgresKepOfficeDbContext --output-dir Data/Migrations/PostgreSql
/// </summary>
public abstract class KepOfficeDbContext : IdentityDbContext<KepOfficeUser>, IDataProtectionKeyContext
{
    protected KepOfficeDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyWorkflowsModel();
        builder.ApplyConfigurationsFromAssembly(typeof(KepOfficeDbContext).Assembly);
    }
}

public sealed class SqliteKepOfficeDbContext(DbContextOptions<SqliteKepOfficeDbContext> options)
    : KepOfficeDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresKepOfficeDbContext(DbContextOptions<PostgresKepOfficeDbContext> options)
    : KepOfficeDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
