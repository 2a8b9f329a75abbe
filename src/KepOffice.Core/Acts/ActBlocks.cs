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

internal sealed class LetterheadBlock(ActStyle style, string name, string details) : ActBlock
{
    private readonly List<string> _name = TextWrapper.Wrap(name, style.Strong, ActStyle.Width);
    private readonly List<string> _details = TextWrapper.Wrap(details, style.Small, ActStyle.Width);

    public override float Height => _name.Count * 11.5f + 2f + _details.Count * 9f + 9f;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var y = top;
        foreach (var line in _name)
        {
            canvas.DrawText(line, ActStyle.Left, y + ActStyle.Ascent(style.Strong), style.Strong, style.Ink);
            y += 11.5f;
        }

        y += 2f;
        foreach (var line in _details)
        {
            canvas.DrawText(line, ActStyle.Left, y + ActStyle.Ascent(style.Small), style.Small, style.Muted);
            y += 9f;
        }

        var rule = top + Height - 3f;
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

// «Акт № …» in the middle, the place on the left and the date on the right, as Russian acts are headed;
// when they would touch, the place and date move to a line of their own.
internal sealed class ActLineBlock(ActStyle style, string subtitle, string place, string date) : ActBlock
{
    private const float Line = 13f;
    private readonly bool _twoLines =
        Math.Max(style.Body.MeasureText(place), style.Body.MeasureText(date)) + 12f > (ActStyle.Width - style.Subtitle.MeasureText(subtitle)) / 2;

    public override float Height => (_twoLines ? 2 * Line : Line) + 6f;

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var baseline = top + ActStyle.Ascent(style.Subtitle);
        var width = style.Subtitle.MeasureText(subtitle);
        canvas.DrawText(subtitle, ActStyle.Left + (ActStyle.Width - width) / 2, baseline, style.Subtitle, style.Ink);
        if (_twoLines)
        {
            baseline += Line;
        }

        canvas.DrawText(place, ActStyle.Left, baseline, style.Body, style.Ink);
        canvas.DrawText(date, ActStyle.Right - style.Body.MeasureText(date), baseline, style.Body, style.Ink);
    }
}

internal sealed class HeadingBlock(string title) : ActBlock
{
    private const float SpaceBefore = 7f;

    public override float Height => SpaceBefore + 12f;

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
            new RowBlock(fit < _label.Count ? Take(_label, fit, _label.Count) : ["(продолжение)"], Take(_value, fit, _value.Count)));
    }

    private static List<string> Take(List<string> lines, int from, int to) =>
        from >= lines.Count ? [] : lines.GetRange(from, Math.Min(to, lines.Count) - from);
}

// The applicant's statement, both signatures and the QR code: never split, a signature must sit on the
// page it closes, and the code next to it leads to the certificate being signed for.
internal sealed class SignaturesBlock : ActBlock
{
    public const float QrSize = 66f;
    private const float SpaceBefore = 10f;
    private const float StatementLine = 11.2f;
    private const float SignatureGap = 23f;
    private const float ColumnGap = 18f;
    private const float QrGap = 20f;
    private const float TextWidth = ActStyle.Width - QrSize - QrGap;
    private readonly List<string> _statement;
    private readonly string _applicant;
    private readonly string _operator;
    private readonly string _date;
    private readonly bool[,] _qr;

    public SignaturesBlock(ActStyle style, string statement, string applicant, string @operator, string date, bool[,] qr)
    {
        _statement = TextWrapper.Wrap(statement, style.Body, TextWidth);
        _applicant = applicant;
        _operator = @operator;
        _date = date;
        _qr = qr;
    }

    private float SignaturesTop => SpaceBefore + _statement.Count * StatementLine + 9f;

    public override float Height => Math.Max(SignaturesTop + 12f + SignatureGap + 24f, SpaceBefore + QrSize + 14f);

    public static SKRect QrArea(float top) => new(ActStyle.Right - QrSize, top + SpaceBefore, ActStyle.Right, top + SpaceBefore + QrSize);

    public override void Draw(SKCanvas canvas, ActStyle style, float top)
    {
        var y = top + SpaceBefore;
        foreach (var line in _statement)
        {
            canvas.DrawText(line, ActStyle.Left, y + ActStyle.Ascent(style.Body), style.Body, style.Ink);
            y += StatementLine;
        }

        var column = (TextWidth - ColumnGap) / 2;
        DrawColumn(canvas, style, ActStyle.Left, column, top + SignaturesTop, "Владелец сертификата (заявитель)", _applicant);
        DrawColumn(canvas, style, ActStyle.Left + column + ColumnGap, column, top + SignaturesTop, "Оператор удостоверяющего центра", _operator);

        var qr = QrArea(top);
        ActQrCode.Draw(canvas, _qr, qr, style.Ink);
        const string caption = "Проверка сертификата";
        var captionWidth = style.Caption.MeasureText(caption);
        canvas.DrawText(caption, Math.Min(qr.MidX - captionWidth / 2, ActStyle.Right - captionWidth), qr.Bottom + 5f + ActStyle.Ascent(style.Caption), style.Caption, style.Muted);
    }

    private void DrawColumn(SKCanvas canvas, ActStyle style, float left, float width, float top, string role, string name)
    {
        canvas.DrawText(role, left, top + ActStyle.Ascent(style.Heading), style.Heading, style.Ink);
        var line = top + 12f + SignatureGap;
        var signatureWidth = width * 0.4f;
        canvas.DrawLine(left, line, left + signatureWidth, line, style.SignatureRule);
        var nameLeft = left + signatureWidth + 8f;
        canvas.DrawText(name, nameLeft + 2f, line - 3f, style.Body, style.Ink);
        canvas.DrawLine(nameLeft, line, left + width, line, style.SignatureRule);
        DrawCentered(canvas, style, "(подпись)", left, signatureWidth, line + 2f);
        DrawCentered(canvas, style, "(расшифровка подписи)", nameLeft, left + width - nameLeft, line + 2f);
        canvas.DrawText($"Дата: {_date}", left, line + 13f + ActStyle.Ascent(style.Small), style.Small, style.Ink);
    }

    private static void DrawCentered(SKCanvas canvas, ActStyle style, string text, float left, float width, float top)
    {
        var textWidth = style.Caption.MeasureText(text);
        canvas.DrawText(text, left + (width - textWidth) / 2, top + ActStyle.Ascent(style.Caption), style.Caption, style.Muted);
    }
}
