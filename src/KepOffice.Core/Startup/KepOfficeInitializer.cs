using KepOffice.Core.Configuration;
using KepOffice.Core.Data;
using KepOffice.Core.Protection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Startup;

/// <summary>
/// Runs before anything else starts: applies migrations and seeds an empty database. Registered as
/// the first hosted service so that a database problem stops the node with a clear message.
/// </summary>
internal sealed class KepOfficeInitializer(IServiceProvider services, DatabaseSettings database, IOptions<KepOfficeOptions> options)
    : IHostedService
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _done;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _once.WaitAsync(cancellationToken);
        try
        {
            if (!_done)
            {
                await InitializeAsync(cancellationToken);
                _done = true;
            }
        }
        finally
        {
            _once.Release();
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        await DatabaseMigrator.MigrateAsync(db, database, cancellationToken);
        DataProtectionSetup.EnsureKeyRingReadable(scope.ServiceProvider);
        try
        {
            await scope.ServiceProvider.GetRequiredService<BlindIndexKeyLoader>().LoadAsync(db, cancellationToken);
        }
        catch (PersonalDataUnreadableException ex)
        {
            throw new KepOfficeStartupException(ex.Message, ex);
        }

        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(options.Value, cancellationToken);
        foreach (var step in scope.ServiceProvider.GetServices<IStartupStep>())
        {
            await step.RunAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class KepOfficeInitialization
{
    /// <summary>Migrates and seeds now; the hosted initializer then has nothing left to do.</summary>
    public static Task InitializeKepOfficeAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetRequiredService<KepOfficeInitializer>().StartAsync(cancellationToken);
}

/// <summary>A piece of start-up work that needs the migrated database (workflow import, demo CA, …).</summary>
public interface IStartupStep
{
    Task RunAsync(CancellationToken cancellationToken);
}
