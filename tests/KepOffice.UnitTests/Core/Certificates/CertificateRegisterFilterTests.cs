using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Register;

namespace KepOffice.UnitTests.Core.Certificates;

public sealed class CertificateRegisterFilterTests
{
    [Fact]
    public void Good_values_are_taken_case_insensitively_and_trimmed()
    {
        var filter = CertificateRegisterFilter.TryParse(" expired ", null, "  0A1B  ", out var errors);

        Assert.Empty(errors);
        Assert.Equal(CertificateStatus.Expired, filter!.Status);
        Assert.Null(filter.ExpiringWithinDays);
        Assert.Equal("0A1B", filter.Search);
    }

    [Fact]
    public void Nothing_given_is_the_whole_register()
    {
        var filter = CertificateRegisterFilter.TryParse(null, " ", "", out var errors);

        Assert.Empty(errors);
        Assert.Equal(CertificateRegisterFilter.All, filter);
    }

    [Theory]
    [InlineData("Broken", null, null, "status")]
    [InlineData("2", null, null, "status")]
    [InlineData(null, "0", null, "expiringWithinDays")]
    [InlineData(null, "+7", null, "expiringWithinDays")]
    [InlineData(null, "7.5", null, "expiringWithinDays")]
    [InlineData(null, "3661", null, "expiringWithinDays")]
    [InlineData("Superseded", "30", null, "expiringWithinDays")]
    public void Wrong_values_give_no_filter_and_name_the_field(string? status, string? days, string? search, string field)
    {
        var filter = CertificateRegisterFilter.TryParse(status, days, search, out var errors);

        Assert.Null(filter);
        Assert.Equal([field], errors.Keys);
        Assert.False(string.IsNullOrWhiteSpace(errors[field].Single()));
    }

    [Fact]
    public void A_search_longer_than_100_characters_is_refused()
    {
        Assert.Null(CertificateRegisterFilter.TryParse(null, null, new string('а', 101), out var errors));
        Assert.Contains("search", errors.Keys);
        Assert.NotNull(CertificateRegisterFilter.TryParse(null, null, new string('а', 100), out _));
    }

    [Fact]
    public void Expiring_within_combines_with_the_valid_status()
    {
        var filter = CertificateRegisterFilter.TryParse("Valid", "7", null, out var errors);

        Assert.Empty(errors);
        Assert.Equal(7, filter!.ExpiringWithinDays);
    }
}
