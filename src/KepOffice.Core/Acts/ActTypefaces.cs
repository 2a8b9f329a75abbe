using SkiaSharp;

namespace KepOffice.Core.Acts;

// Parsing a TTF costs far more than rendering a page, and SKTypeface is immutable and safe to share
// between threads, so each face is read from the assembly once per process.
internal static class ActTypefaces
{
    private static readonly Lazy<SKTypeface> _regular = new(() => Load("LiberationSans-Regular.ttf"));
    private static readonly Lazy<SKTypeface> _bold = new(() => Load("LiberationSans-Bold.ttf"));

    public static SKTypeface Regular => _regular.Value;

    public static SKTypeface Bold => _bold.Value;

    private static SKTypeface Load(string fileName)
    {
        var assembly = typeof(ActTypefaces).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(name => name.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Font {fileName} is not embedded in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        // SKData copies the bytes, so the typeface outlives the resource stream.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"Font {fileName} could not be read.");
    }
}
