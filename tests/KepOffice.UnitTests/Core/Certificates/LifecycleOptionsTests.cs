using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Lifecycle;
using KepOffice.Core.Email;
using Microsoft.Extensions.Options;

namespace KepOffice.UnitTests.Core.Certificates;

public sealed class LifecycleOptionsTests
{
    [Fact]
    public void Default_thresholds_are_60_30_14_and_3_days_most_urgent_first()
    {
        var options = new LifecycleOptions();

        Assert.Empty(options.Validate());
        Assert.Equal([3, 14, 30, 60], options.Thresholds);
    }

    [Theory]
    [InlineData(new int[0], "хотя бы один срок")]
    [InlineData(new[] { 30, 0 }, "от 1 до 366")]
    [InlineData(new[] { 400 }, "от 1 до 366")]
    [InlineData(new[] { 14, 14 }, "не должны повторяться")]
    public void Wrong_thresholds_are_named(int[] days, string expected)
    {
        var errors = new LifecycleOptions { ReminderDays = days }.Validate();

        Assert.Contains(errors, e => e.StartsWith("KepOffice:Lifecycle:ReminderDays:", StringComparison.Ordinal) && e.Contains(expected));
    }

    [Fact]
    public void Relative_links_and_a_zero_batch_are_refused()
    {
        var errors = new LifecycleOptions { RenewalUrl = "/renewal/{serial}", NewApplicationUrl = "apply", BatchSize = 0 }.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("KepOffice:Lifecycle:RenewalUrl:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("KepOffice:Lifecycle:NewApplicationUrl:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("KepOffice:Lifecycle:BatchSize:", StringComparison.Ordinal));
    }

    [Theory]
    // 20:59 UTC is 23:59 in Moscow, 21:00 UTC already the next day there.
    [InlineData("2026-03-01T20:59:00Z", "2026-03-15T09:00:00Z", 14)]
    [InlineData("2026-03-01T21:00:00Z", "2026-03-15T09:00:00Z", 13)]
    [InlineData("2026-03-15T08:00:00Z", "2026-03-15T09:00:00Z", 0)]
    public void Days_left_are_calendar_days_in_the_cas_time_zone(string now, string deadline, int expected)
    {
        var mail = new LifecycleMail(Options.Create(new LifecycleOptions()), Options.Create(new PkiHostOptions()), Options.Create(new EmailOptions()));

        var days = mail.DaysLeft(DateTimeOffset.Parse(deadline).UtcDateTime, DateTimeOffset.Parse(now));

        Assert.Equal(expected, days);
    }

    [Theory]
    [InlineData("Иванов Иван Иванович", "Иван Иванович")]
    [InlineData("  Петрова Анна ", "Анна")]
    [InlineData("Ли", "Ли")]
    public void The_greeting_drops_the_surname(string holder, string expected) =>
        Assert.Equal(expected, LifecycleMail.GreetingName(holder));

    [Fact]
    public void Links_come_from_the_public_url_unless_configured()
    {
        var byDefault = new LifecycleMail(Options.Create(new LifecycleOptions()), Options.Create(new PkiHostOptions { PublicUrl = "https://uc.example/" }), Options.Create(new EmailOptions()));
        var configured = new LifecycleMail(Options.Create(new LifecycleOptions { RenewalUrl = "https://portal.example/renew?cert={serial}" }),
            Options.Create(new PkiHostOptions()), Options.Create(new EmailOptions()));

        Assert.Equal("https://uc.example/renewal/0A1B", byDefault.RenewalUrl("0A1B").ToString());
        Assert.Equal("https://uc.example/", byDefault.NewApplicationUrl().ToString());
        Assert.Equal("https://portal.example/renew?cert=0A1B", configured.RenewalUrl("0A1B").ToString());
    }
}
