using SkiaSharp;

namespace KepOffice.Core.Acts;

// Fonts and paints of one rendering. SKFont and SKPaint are mutable native objects, so every call of
// the renderer gets its own set; only the typefaces behind them are shared.
internal sealed class ActStyle : IDisposable
{
    // A4 in PDF points.
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;

    // 18 mm binding margin on the left for the CA's archive folder, 15 mm on the right, 12.5 mm at the
    // top and bottom so that a natural person's act stays on one sheet.
    public const float Left = 51f;
    public const float Right = PageWidth - 42.5f;
    public const float Top = 35.5f;
    public const float FooterTop = PageHeight - 35.5f - 14f;
    public const float Bottom = FooterTop - 8f;
    public const float Width = Right - Left;

    public const float LabelWidth = 168f;
    public const float CellPadding = 5f;
    public const float RowPadding = 1.9f;
    public const float LineHeight = 10.2f;

    public ActStyle(ActTypefaceSet typefaces)
    {
        Body = Font(typefaces.Regular, 8.5f);
        Label = Font(typefaces.Regular, 7.8f);
        Small = Font(typefaces.Regular, 7f);
        Caption = Font(typefaces.Regular, 6.5f);
        Strong = Font(typefaces.Bold, 9f);
        Heading = Font(typefaces.Bold, 9f);
        Title = Font(typefaces.Bold, 12.5f);
        Subtitle = Font(typefaces.Regular, 9.5f);
        Ink = Paint(new SKColor(0x1A, 0x1A, 0x1A));
        Muted = Paint(new SKColor(0x55, 0x5B, 0x63));
        LabelFill = Paint(new SKColor(0xF2, 0xF4, 0xF6));
        Rule = Stroke(new SKColor(0xC9, 0xCE, 0xD4), 0.5f);
        StrongRule = Stroke(new SKColor(0x1A, 0x1A, 0x1A), 0.8f);
        SignatureRule = Stroke(new SKColor(0x1A, 0x1A, 0x1A), 0.6f);
    }

    public SKFont Body { get; }

    public SKFont Label { get; }

    public SKFont Small { get; }

    public SKFont Caption { get; }

    public SKFont Strong { get; }

    public SKFont Heading { get; }

    public SKFont Title { get; }

    public SKFont Subtitle { get; }

    public SKPaint Ink { get; }

    public SKPaint Muted { get; }

    public SKPaint LabelFill { get; }

    public SKPaint Rule { get; }

    public SKPaint StrongRule { get; }

    public SKPaint SignatureRule { get; }

    // Distance from the top of a line box to its baseline, so that text of different sizes sharing a
    // line box sits on one baseline.
    public static float Ascent(SKFont font) => -font.Metrics.Ascent;

    public void Dispose()
    {
        foreach (var font in new[] { Body, Label, Small, Caption, Strong, Heading, Title, Subtitle })
        {
            font.Dispose();
        }

        foreach (var paint in new[] { Ink, Muted, LabelFill, Rule, StrongRule, SignatureRule })
        {
            paint.Dispose();
        }
    }

    private static SKFont Font(SKTypeface typeface, float size) =>
        new(typeface, size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None, Edging = SKFontEdging.Antialias };

    private static SKPaint Paint(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

    private static SKPaint Stroke(SKColor color, float width) =>
        new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };
}
