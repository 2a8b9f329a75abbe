using SkiaSharp;

namespace KepOffice.Core.Acts;

// A vertical piece of the page flow, measured before anything is drawn so that pagination knows the
// page count (for «Лист N из M») and never draws below the bottom margin.
internal abstract class ActBlock
{
    public abstract float Height { get; }

    // A section heading must not end a page.
    public virtual bool KeepWithNext => false;

    // The least of this block that may start a page (one table line for a row).
    public virtual float MinimumHeight => Height;

    public abstract void Draw(SKCanvas canvas, ActStyle style, float top);

    // Cuts the block so that the first part fits into available height; null when nothing fits.
    public virtual (ActBlock Head, ActBlock Tail)? Split(float available) => null;
}

internal sealed class SpacerBlock(float height) : ActBlock
{
    public override float Height => height;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
    }
}

internal sealed class LetterheadBlock : ActBlock
{
    public const float QrSize = 74f;
    private const float QrCaptionGap = 4f;
    private readonly List<string> _name;
    private readonly List<string> _details;
    private readonly bool[,] _qr;
    private readonly ActStyle _style;

    public LetterheadBlock(ActStyle style, string name, string details, bool[,] qr)
    {
        _style = style;
        var width = ActStyle.Width - QrSize - 24f;
        _name = TextWrapper.Wrap(name, style.Strong, width);
        _details = TextWrapper.Wrap(details, style.Small, width);
        _qr = qr;
    }

    public static SKRect QrArea => new(ActStyle.Right - QrSize, ActStyle.Top, ActStyle.Right, ActStyle.Top + QrSize);

    public override float Height
    {
        get
        {
            var text = _name.Count * 11.5f + 3f + _details.Count * 9f;
            var qr = QrSize + QrCaptionGap + 9f;
            return Math.Max(text, qr) + 10f;
        }
    }

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var y = top;
        foreach (var line in _name)
        {
            canvas.DrawText(line, ActStyle.Left, y + ActStyle.Ascent(style.Strong), style.Strong, style.Ink);
            y += 11.5f;
        }

        y += 3f;
        foreach (var line in _details)
        {
            canvas.DrawText(line, ActStyle.Left, y + ActStyle.Ascent(style.Small), style.Small, style.Muted);
            y += 9f;
        }

        var qr = QrArea;
        ActQrCode.Draw(canvas, _qr, qr, style.Ink);
        const string caption = "Проверка сертификата";
        var captionWidth = style.Caption.MeasureText(caption);
        canvas.DrawText(caption, qr.MidX - captionWidth / 2, qr.Bottom + QrCaptionGap + ActStyle.Ascent(style.Caption), style.Caption, style.Muted);

        var rule = top + Height - 4f;
        canvas.DrawLine(ActStyle.Left, rule, ActStyle.Right, rule, style.Rule);
    }
}

internal sealed class CenteredTextBlock(List<string> lines, SKFont font, SKPaint paint, float lineHeight, float spaceAfter) : ActBlock
{
    public override float Height => lines.Count * lineHeight + spaceAfter;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var y = top;
        foreach (var line in lines)
        {
            var width = font.MeasureText(line);
            canvas.DrawText(line, ActStyle.Left + (ActStyle.Width - width) / 2, y + ActStyle.Ascent(font), font, paint);
            y += lineHeight;
        }
    }
}

internal sealed class PlaceDateBlock(string place, string date) : ActBlock
{
    public override float Height => 22f;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var baseline = top + ActStyle.Ascent(style.Body);
        canvas.DrawText(place, ActStyle.Left, baseline, style.Body, style.Ink);
        canvas.DrawText(date, ActStyle.Right - style.Body.MeasureText(date), baseline, style.Body, style.Ink);
    }
}

internal sealed class HeadingBlock(string title) : ActBlock
{
    private const float SpaceBefore = 9f;

    public override float Height => SpaceBefore + 13f;

    public override bool KeepWithNext => true;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var baseline = top + SpaceBefore + ActStyle.Ascent(style.Heading);
        canvas.DrawText(title, ActStyle.Left, baseline, style.Heading, style.Ink);
        var rule = top + Height - 0.5f;
        canvas.DrawLine(ActStyle.Left, rule, ActStyle.Right, rule, style.StrongRule);
    }
}

// One labelled line of the two-column table; long values wrap inside their column and, when a value
// is longer than a page, the row continues on the next page line by line.
internal sealed class RowBlock : ActBlock
{
    private readonly List<string> _label;
    private readonly List<string> _value;

    public RowBlock(ActStyle style, ActRow row)
        : this(
            TextWrapper.Wrap(row.Label, style.Label, ActStyle.LabelWidth - 2 * ActStyle.CellPadding),
            TextWrapper.Wrap(row.Value, style.Body, ActStyle.Width - ActStyle.LabelWidth - 2 * ActStyle.CellPadding))
    {
    }

    private RowBlock(List<string> label, List<string> value)
    {
        _label = label;
        _value = value;
    }

    private int Lines => Math.Max(_label.Count, _value.Count);

    public override float Height => 2 * ActStyle.RowPadding + Lines * ActStyle.LineHeight;

    public override float MinimumHeight => 2 * ActStyle.RowPadding + ActStyle.LineHeight;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var bottom = top + Height;
        canvas.DrawRect(new SKRect(ActStyle.Left, top, ActStyle.Left + ActStyle.LabelWidth, bottom), style.LabelFill);
        var lineTop = top + ActStyle.RowPadding;
        // Both columns share the body font's baseline so that label and value read as one line.
        var ascent = ActStyle.Ascent(style.Body) + (ActStyle.LineHeight - style.Body.Size * 1.15f) / 2;
        for (var i = 0; i < _label.Count; i++)
        {
            canvas.DrawText(_label[i], ActStyle.Left + ActStyle.CellPadding, lineTop + ascent + i * ActStyle.LineHeight, style.Label, style.Muted);
        }

        var valueLeft = ActStyle.Left + ActStyle.LabelWidth + ActStyle.CellPadding;
        for (var i = 0; i < _value.Count; i++)
        {
            canvas.DrawText(_value[i], valueLeft, lineTop + ascent + i * ActStyle.LineHeight, style.Body, style.Ink);
        }

        canvas.DrawLine(ActStyle.Left, bottom, ActStyle.Right, bottom, style.Rule);
    }

    public override (ActBlock Head, ActBlock Tail)? Split(float available)
    {
        var fit = (int)((available - 2 * ActStyle.RowPadding) / ActStyle.LineHeight);
        if (fit < 1 || fit >= Lines)
        {
            return null;
        }

        return (new RowBlock(Take(_label, 0, fit), Take(_value, 0, fit)),
            new RowBlock(Take(_label, fit, _label.Count), Take(_value, fit, _value.Count)));
    }

    private static List<string> Take(List<string> lines, int from, int to) =>
        from >= lines.Count ? [] : lines.GetRange(from, Math.Min(to, lines.Count) - from);
}

internal sealed class ParagraphBlock(List<string> lines, SKFont font, SKPaint paint, float lineHeight, float spaceBefore, float spaceAfter, bool keepWithNext = false) : ActBlock
{
    public override float Height => spaceBefore + lines.Count * lineHeight + spaceAfter;

    public override bool KeepWithNext => keepWithNext;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var y = top + spaceBefore;
        foreach (var line in lines)
        {
            canvas.DrawText(line, ActStyle.Left, y + ActStyle.Ascent(font), font, paint);
            y += lineHeight;
        }
    }
}

// Both signatures with their captions; never split, a signature must sit on the page it closes.
internal sealed class SignaturesBlock(string applicant, string @operator, string date) : ActBlock
{
    private const float SpaceBefore = 14f;
    private const float SignatureGap = 30f;
    private const float ColumnGap = 28f;

    public override float Height => SpaceBefore + 12f + SignatureGap + 10f + 16f;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var column = (ActStyle.Width - ColumnGap) / 2;
        DrawColumn(canvas, style, ActStyle.Left, column, top + SpaceBefore, "Владелец сертификата (заявитель)", applicant);
        DrawColumn(canvas, style, ActStyle.Left + column + ColumnGap, column, top + SpaceBefore, "Оператор удостоверяющего центра", @operator);
    }

    private void DrawColumn(SKCanvas canvas, ActStyle style, float left, float width, float top, string role, string name)
    {
        canvas.DrawText(role, left, top + ActStyle.Ascent(style.Strong), style.Strong, style.Ink);
        var line = top + 12f + SignatureGap;
        var signatureWidth = width * 0.42f;
        canvas.DrawLine(left, line, left + signatureWidth, line, style.SignatureRule);
        var nameLeft = left + signatureWidth + 10f;
        canvas.DrawText(name, nameLeft, line - 3f, style.Body, style.Ink);
        canvas.DrawLine(nameLeft, line, left + width, line, style.SignatureRule);
        DrawCentered(canvas, style, "(подпись)", left, signatureWidth, line + 2f);
        DrawCentered(canvas, style, "(расшифровка подписи)", nameLeft, left + width - nameLeft, line + 2f);
        canvas.DrawText($"Дата: {date}", left, line + 14f + ActStyle.Ascent(style.Small), style.Small, style.Ink);
    }

    private static void DrawCentered(SKCanvas canvas, ActStyle style, string text, float left, float width, float top)
    {
        var textWidth = style.Caption.MeasureText(text);
        canvas.DrawText(text, left + (width - textWidth) / 2, top + ActStyle.Ascent(style.Caption), style.Caption, style.Muted);
    }
}
