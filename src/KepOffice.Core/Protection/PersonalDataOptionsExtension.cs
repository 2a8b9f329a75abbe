using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.Core.Protection;

/// <summary>
/// Carries the host's <see cref="PersonalDataProtection"/> into the DbContext options. The value converters built from it
/// are part of the EF model, so the model cache is keyed by the protection instance too
/// (<see cref="PersonalDataModelCacheKeyFactory"/>): two hosts in one process never share converters bound to another key
/// ring, yet share EF's internal service provider (one per host would soon exceed EF's limit of twenty in a test run).
/// </summary>
internal sealed class PersonalDataOptionsExtension(PersonalDataProtection protection) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public PersonalDataProtection Protection { get; } = protection;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(PersonalDataOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new PersonalDataOptionsExtension Extension => (PersonalDataOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "PersonalDataProtection ";

        // The extension adds no services: every protection instance can use the same internal service provider.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["KepOffice:PersonalDataProtection"] = RuntimeHelpers.GetHashCode(Extension.Protection).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

public static class PersonalDataDbContextOptionsExtensions
{
    /// <summary>Encrypts the personal-data columns of the KepOffice model with the given protection.</summary>
    public static DbContextOptionsBuilder UsePersonalDataProtection(this DbContextOptionsBuilder builder, PersonalDataProtection protection)
    {
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new PersonalDataOptionsExtension(protection));
        return builder.ReplaceService<IModelCacheKeyFactory, PersonalDataModelCacheKeyFactory>();
    }

    internal static PersonalDataProtection PersonalDataProtection(this DbContextOptions options) =>
        options.FindExtension<PersonalDataOptionsExtension>()?.Protection ?? Protection.PersonalDataProtection.ModelOnly;
}

/// <summary>One cached model per DbContext type and protection instance (the converters in it are bound to that instance).</summary>
internal sealed class PersonalDataModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), designTime, context is Data.KepOfficeDbContext kep ? kep.PersonalData : null);
}
