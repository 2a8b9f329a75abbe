using KepOffice.Workflows.Activities;

namespace KepOffice.UnitTests.Workflows;

/// <summary>The one duration parser the runtime, the validator and the designer's property panel share.</summary>
public sealed class DurationParsingTests
{
    [Theory]
    [InlineData("PT30S", 0, 0, 30)]
    [InlineData(" PT1H30M ", 1, 30, 0)]
    [InlineData("P2D", 48, 0, 0)]
    [InlineData("1.02:00:00", 26, 0, 0)]
    [InlineData("00:05:00", 0, 5, 0)]
    public void Iso_8601_and_day_time_forms_parse(string text, int hours, int minutes, int seconds) =>
        Assert.Equal(new TimeSpan(hours, minutes, seconds), ActivityExecutionContext.ParseDuration(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("полчаса")]
    [InlineData("PT")]
    [InlineData("P99999999D")] // beyond TimeSpan: an overflow, not a crash
    [InlineData("99999999.00:00:00")]
    public void Empty_unparsable_and_out_of_range_text_gives_null(string? text) =>
        Assert.Null(ActivityExecutionContext.ParseDuration(text));
}
