using KepOffice.Core.Audit;
using KepOffice.Core.Identity;
using KepOffice.Core.Protection;
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
    private readonly PersonalDataProtection _personalData;

    protected KepOfficeDbContext(DbContextOptions options)
        : base(options)
    {
        _personalData = options.PersonalDataProtection();
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Encrypts this model's personal-data columns and computes the blind indexes searches compare.</summary>
    public PersonalDataProtection PersonalData => _personalData;

    /// <summary>
    /// Who acts in the scope that resolved this (pooled) context, for the audit rows derived from the workflow runtime's
    /// changes (tasks, definition versions), which the runtime itself does not know about. Set on every resolution.
    /// </summary>
    internal IAuditActorSource? AuditActors { get; set; }

    internal TimeProvider AuditClock { get; set; } = TimeProvider.System;

    /// <summary>
    /// Blind indexes are stamped, then audit rows added to this unit of work are chained inside the transaction that saves
    /// them (the caller's, or one opened for this save): on SQLite here, on PostgreSQL by the database at commit.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // The passes below (blind indexes, audit rows derived from the runtime's changes) each read the change tracker's
        // entries, and each read would scan every tracked entity for changes again: the scan is done once, here.
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
        }

        try
        {
            PersonalDataModel.Stamp(this, _personalData);
            var pending = PendingAuditEvents();
            if (pending.Count == 0 || Provider == DatabaseProvider.PostgreSql)
            {
                // PostgreSQL seals the audit rows itself when the transaction commits (AuditChain.ConfigureSealingAtCommit).
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }

            if (Database.CurrentTransaction is not null)
            {
                return await SaveWithAuditAsync(pending, acceptAllChangesOnSuccess, cancellationToken);
            }

            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            var saved = await SaveWithAuditAsync(pending, acceptAllChangesOnSuccess, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return saved;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// SQLite (one writer at a time): the rest of the unit of work is written first; then the audit rows are numbered from the
    /// chain head, hashed here and written with the head's new state in one batch; the caller's commit ends the write lock.
    /// </summary>
    private async Task<int> SaveWithAuditAsync(List<AuditEvent> pending, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (!acceptAllChangesOnSuccess)
        {
            throw new InvalidOperationException("Audit rows are chained by a save that accepts its changes (the rest of the unit of work is written first).");
        }

        foreach (var row in pending)
        {
            Entry(row).State = EntityState.Detached;
        }

        var saved = 0;
        try
        {
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            // Whatever happens, the rows stay in the unit of work, as any other added entity would.
            Set<AuditEvent>().AddRange(pending);
        }

        var head = await AuditChain.SealAsync(this, pending, cancellationToken);
        try
        {
            return saved + await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken) - 1;
        }
        finally
        {
            Entry(head).State = EntityState.Detached;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PersonalDataModel.Stamp(this, _personalData);
        return PendingAuditEvents().Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new InvalidOperationException("Audit rows are chained by SaveChangesAsync only.");
    }

    private List<AuditEvent> PendingAuditEvents()
    {
        WorkflowAudit.RecordDefinitionChanges(this);
        WorkflowAudit.RecordDeletionsAndMigrations(this);
        WorkflowAudit.RecordTaskChanges(this);
        return ChangeTracker.Entries<AuditEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyWorkflowsModel();
        builder.ApplyConfigurationsFromAssembly(typeof(KepOfficeDbContext).Assembly);
        PersonalDataModel.Apply(builder, _personalData);
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

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        AuditChain.ConfigureSealingAtCommit(builder);
    }
}
