using KepOffice.Core.Certificates;

namespace KepOffice.UnitTests.Core.Certificates;

public sealed class PkiHostOptionsTests
{
    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://LOCALHOST", true)]
    [InlineData("http://ca.localhost/", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://[::1]/", true)]
    [InlineData("not a url", true)]
    [InlineData("http://uc.example.ru", false)]
    [InlineData("https://pki.romashka.ru/ca", false)]
    [InlineData("http://10.0.0.5", false)]
    public void A_public_url_naming_this_machine_is_recognised(string url, bool local) =>
        Assert.Equal(local, new PkiHostOptions { PublicUrl = url }.PublicUrlIsLocal);

    [Fact]
    public void The_default_is_local() => Assert.True(new PkiHostOptions().PublicUrlIsLocal);
}
