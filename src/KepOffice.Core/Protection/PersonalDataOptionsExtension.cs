using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.Core.Protection;

/// <summary>
/// Carries the host's <see cref="PersonalDataProtection"/> into the DbContext options. The value converters built from it
/// are part of the EF model, which EF caches per internal service provider; this extension makes each protection instance
/// (one per host) get its own, so two hosts in one process never share converters bound to another key ring.
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

        public override int GetServiceProviderHashCode() => RuntimeHelpers.GetHashCode(Extension.Protection);

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other is ExtensionInfo info && ReferenceEquals(info.Extension.Protection, Extension.Protection);

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["KepOffice:PersonalDataProtection"] = GetServiceProviderHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

public static class PersonalDataDbContextOptionsExtensions
{
    /// <summary>Encrypts the personal-data columns of the KepOffice model with the given protection.</summary>
    public static DbContextOptionsBuilder UsePersonalDataProtection(this DbContextOptionsBuilder builder, PersonalDataProtection protection)
    {
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new PersonalDataOptionsExtension(protection));
        return builder;
    }

    internal static PersonalDataProtection PersonalDataProtection(this DbContextOptions options) =>
        options.FindExtension<PersonalDataOptionsExtension>()?.Protection ?? Protection.PersonalDataProtection.ModelOnly;
}
