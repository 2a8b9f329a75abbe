using KepOffice.Core.Configuration;
using KepOffice.Core.Data;
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
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        await DatabaseMigrator.MigrateAsync(db, database, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(options.Value, cancellationToken);
        foreach (var step in scope.ServiceProvider.GetServices<IStartupStep>())
        {
            await step.RunAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A piece of start-up work that needs the migrated database (workflow import, demo CA, …).</summary>
public interface IStartupStep
{
    Task RunAsync(CancellationToken cancellationToken);
}
