using System.Reflection;
using KepOffice.Core.Data;
using Xunit.Sdk;

namespace KepOffice.IntegrationTests.Support;

/// <summary>Runs a theory once on the embedded SQLite database and once on the real PostgreSQL server.</summary>
public sealed class BothProvidersAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
    [
        [DatabaseProvider.Sqlite],
        [DatabaseProvider.PostgreSql],
    ];
}
