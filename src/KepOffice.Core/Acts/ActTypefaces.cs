using SkiaSharp;

namespace KepOffice.Core.Acts;

internal sealed record ActTypefaceSet(SKTypeface Regular, SKTypeface Bold);

// Parsing a TTF costs far more than rendering a page, and SKTypeface is immutable and safe to share
// between threads, so each face is read from the assembly once per process.
//
// Acts are printed from a subset holding Latin, Latin-1, Russian Cyrillic and typographic punctuation
// (see TrueTypeSubsetter for why); an act with any other character falls back to the full fonts.
internal static class ActTypefaces
{
    // Every glyph kept costs each act its share of the embedded font, so only what Russian documents
    // use: ASCII, Russian letters, «», the no-break space, §, °, ±, ×, dashes, quotes, ellipsis and №.
    private static readonly (char First, char Last)[] _repertoire =
    [
        ('\u0020', '\u007E'),
        ('\u00A0', '\u00A0'),
        ('\u00A7', '\u00A7'),
        ('\u00AB', '\u00AB'),
        ('\u00B0', '\u00B1'),
        ('\u00B7', '\u00B7'),
        ('\u00BB', '\u00BB'),
        ('\u00D7', '\u00D7'),
        ('\u0401', '\u0401'),
        ('\u0410', '\u044F'),
        ('\u0451', '\u0451'),
        ('\u2010', '\u2014'),
        ('\u2018', '\u201E'),
        ('\u2022', '\u2022'),
        ('\u2026', '\u2026'),
        ('\u2116', '\u2116'),
    ];

    private static readonly Lazy<byte[]> _regularFile = new(() => Read("LiberationSans-Regular.ttf"));
    private static readonly Lazy<byte[]> _boldFile = new(() => Read("LiberationSans-Bold.ttf"));
    private static readonly Lazy<ActTypefaceSet> _full = new(() => new(FromBytes(_regularFile.Value), FromBytes(_boldFile.Value)));
    private static readonly Lazy<ActTypefaceSet> _subset = new(() => new(Subset(_regularFile.Value, _full.Value.Regular), Subset(_boldFile.Value, _full.Value.Bold)));

    public static ActTypefaceSet Full => _full.Value;

    public static ActTypefaceSet ForText(IEnumerable<string> texts) => texts.All(Covered) ? _subset.Value : _full.Value;

    public static bool Covered(string text)
    {
        foreach (var c in text)
        {
            if (c != '\n' && !_repertoire.Any(range => c >= range.First && c <= range.Last))
            {
                return false;
            }
        }

        return true;
    }

    private static SKTypeface Subset(byte[] file, SKTypeface full)
    {
        var characters = string.Concat(_repertoire.Select(range =>
            new string(Enumerable.Range(range.First, range.Last - range.First + 1).Select(code => (char)code).ToArray())));
        return FromBytes(TrueTypeSubsetter.Subset(file, full.GetGlyphs(characters)));
    }

    private static byte[] Read(string fileName)
    {
        var assembly = typeof(ActTypefaces).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(name => name.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Font {fileName} is not embedded in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static SKTypeface FromBytes(byte[] font)
    {
        // SKData copies the bytes, so the typeface does not depend on the managed array.
        using var data = SKData.CreateCopy(font);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("The embedded font could not be read.");
    }
}
