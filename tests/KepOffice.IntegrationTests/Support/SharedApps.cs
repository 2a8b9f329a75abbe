using System.Collections.Concurrent;
using KepOffice.Core.Data;

namespace KepOffice.IntegrationTests.Support;

/// <summary>One application per provider, shared by the tests of a collection to keep the suite fast.</summary>
public sealed class SharedApps : IDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<KepOfficeApp>> _apps = new();

    public KepOfficeApp For(DatabaseProvider provider)
    {
        var app = _apps.GetOrAdd(provider, p => new Lazy<KepOfficeApp>(() => new KepOfficeApp(p))).Value;
        _ = app.Server; // starts the host: migrations and seeding run now
        return app;
    }

    public void Dispose()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated))
        {
            app.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedAppsCollection : ICollectionFixture<SharedApps>
{
    public const string Name = "shared apps";
}
