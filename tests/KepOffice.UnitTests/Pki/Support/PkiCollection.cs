namespace KepOffice.UnitTests.Pki.Support;

[CollectionDefinition(Name)]
public sealed class PkiCollection : ICollectionFixture<PkiFixture>
{
    public const string Name = "Pki";
}
