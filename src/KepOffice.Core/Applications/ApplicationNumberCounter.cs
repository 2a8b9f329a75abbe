namespace KepOffice.Core.Applications;

/// <summary>The last application number given out in a year (numbers read «2026-000123»).</summary>
public sealed class ApplicationNumberCounter
{
    public int Year { get; set; }

    public int Last { get; set; }
}
