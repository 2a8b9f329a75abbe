using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace KepOffice.Core.Email.Templates;

/// <summary>
/// The body of one message as a list of blocks, written out twice: as HTML and as plain text. Keeping
/// one source for both means the two alternatives never drift apart, and every piece of text goes
/// through the encoder on the way into HTML, literals included.
/// </summary>
internal sealed class EmailDocument
{
    // Cyrillic stays readable in the HTML source; only markup-significant characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly List<Block> _blocks = [];

    public EmailDocument Paragraph(SafeText text)
    {
        _blocks.Add(new Block(BlockKind.Paragraph, [text.Pieces]));
        return this;
    }

    /// <summary>A highlighted paragraph for what the reader must not miss (PIN, one-time links).</summary>
    public EmailDocument Notice(SafeText text)
    {
        _blocks.Add(new Block(BlockKind.Notice, [text.Pieces]));
        return this;
    }

    /// <summary>Adds an item to the list just above, or starts a list.</summary>
    public EmailDocument Bullet(SafeText text)
    {
        if (_blocks.Count > 0 && _blocks[^1].Kind == BlockKind.Bullets)
        {
            _blocks[^1].Items.Add(text.Pieces);
        }
        else
        {
            _blocks.Add(new Block(BlockKind.Bullets, [text.Pieces]));
        }

        return this;
    }

    public EmailDocument Bullets(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Bullet($"{value}");
        }

        return this;
    }

    public EmailDocument Fact(string label, SafeText value)
    {
        if (_blocks.Count > 0 && _blocks[^1].Kind == BlockKind.Facts)
        {
            _blocks[^1].Items.Add(value.Pieces);
            _blocks[^1].Labels.Add(label);
        }
        else
        {
            var block = new Block(BlockKind.Facts, [value.Pieces]);
            block.Labels.Add(label);
            _blocks.Add(block);
        }

        return this;
    }

    public EmailDocument Button(string label, Uri url)
    {
        var block = new Block(BlockKind.Button, []) { Url = EmailFormat.RequireWebLink(url) };
        block.Labels.Add(label);
        _blocks.Add(block);
        return this;
    }

    public string ToHtml()
    {
        var html = new StringBuilder();
        foreach (var block in _blocks)
        {
            switch (block.Kind)
            {
                case BlockKind.Paragraph:
                    html.Append("<p style=\"margin:0 0 14px 0;\">").Append(Inline(block.Items[0])).Append("</p>\n");
                    break;
                case BlockKind.Notice:
                    html.Append("<p style=\"margin:0 0 14px 0;padding:10px 14px;background:#fff4e5;border-left:4px solid #d9822b;\">")
                        .Append(Inline(block.Items[0])).Append("</p>\n");
                    break;
                case BlockKind.Bullets:
                    html.Append("<ul style=\"margin:0 0 14px 0;padding-left:22px;\">\n");
                    foreach (var item in block.Items)
                    {
                        html.Append("<li style=\"margin:0 0 6px 0;\">").Append(Inline(item)).Append("</li>\n");
                    }

                    html.Append("</ul>\n");
                    break;
                case BlockKind.Facts:
                    html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:0 0 14px 0;border-collapse:collapse;\">\n");
                    for (var i = 0; i < block.Items.Count; i++)
                    {
                        html.Append("<tr><td style=\"padding:4px 16px 4px 0;color:#616e7c;vertical-align:top;\">")
                            .Append(Html.Encode(block.Labels[i]))
                            .Append("</td><td style=\"padding:4px 0;vertical-align:top;\">")
                            .Append(Inline(block.Items[i]))
                            .Append("</td></tr>\n");
                    }

                    html.Append("</table>\n");
                    break;
                case BlockKind.Button:
                    html.Append("<p style=\"margin:18px 0 18px 0;\"><a href=\"").Append(Html.Encode(block.Url!.AbsoluteUri))
                        .Append("\" style=\"display:inline-block;padding:10px 18px;background:#1a4b8c;color:#ffffff;text-decoration:none;border-radius:4px;\">")
                        .Append(Html.Encode(block.Labels[0])).Append("</a></p>\n");
                    break;
                default:
                    throw new InvalidOperationException(block.Kind.ToString());
            }
        }

        return html.ToString();
    }

    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var block in _blocks)
        {
            switch (block.Kind)
            {
                case BlockKind.Paragraph:
                    text.Append(Plain(block.Items[0])).Append("\n\n");
                    break;
                case BlockKind.Notice:
                    text.Append("ВАЖНО: ").Append(Plain(block.Items[0])).Append("\n\n");
                    break;
                case BlockKind.Bullets:
                    foreach (var item in block.Items)
                    {
                        text.Append("  — ").Append(Plain(item)).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case BlockKind.Facts:
                    for (var i = 0; i < block.Items.Count; i++)
                    {
                        text.Append(block.Labels[i]).Append(": ").Append(Plain(block.Items[i])).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case BlockKind.Button:
                    text.Append(block.Labels[0]).Append(":\n").Append(block.Url!.AbsoluteUri).Append("\n\n");
                    break;
                default:
                    throw new InvalidOperationException(block.Kind.ToString());
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    internal static string Encode(string value) => Html.Encode(value);

    private static string Inline(List<Piece> pieces)
    {
        var html = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece.Strong)
            {
                html.Append("<strong>").Append(Html.Encode(piece.Text)).Append("</strong>");
            }
            else
            {
                html.Append(Html.Encode(piece.Text));
            }
        }

        return html.ToString();
    }

    private static string Plain(List<Piece> pieces) => string.Concat(pieces.Select(p => p.Text));

    private enum BlockKind
    {
        Paragraph,
        Notice,
        Bullets,
        Facts,
        Button,
    }

    private sealed record Block(BlockKind Kind, List<List<Piece>> Items)
    {
        public List<string> Labels { get; } = [];

        public Uri? Url { get; init; }
    }
}

internal readonly record struct Piece(string Text, bool Strong);

/// <summary>Marks an interpolated value to be printed in bold in the HTML alternative.</summary>
internal readonly record struct Strong(string Text);

/// <summary>
/// Interpolated text for messages. Only strings, numbers, dates already turned into text and
/// <see cref="Strong"/> values can be interpolated, so no value slips in with the machine's culture.
/// </summary>
[InterpolatedStringHandler]
internal readonly struct SafeText
{
    public SafeText(int literalLength, int formattedCount)
    {
        Pieces = new List<Piece>((formattedCount * 2) + 1);
    }

    internal List<Piece> Pieces { get; }

    public void AppendLiteral(string value) => Pieces.Add(new Piece(value, false));

    public void AppendFormatted(string? value) => Pieces.Add(new Piece(value ?? "", false));

    public void AppendFormatted(Strong value) => Pieces.Add(new Piece(value.Text, true));

    public void AppendFormatted(int value) => Pieces.Add(new Piece(value.ToString(EmailFormat.Culture), false));
}

/// <summary>Culture-explicit formatting shared by every template.</summary>
internal static class EmailFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("ru-RU");

    public static string Date(DateTimeOffset value, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(value, zone).ToString("dd.MM.yyyy", Culture);

    public static string DateTime(DateTimeOffset value, TimeZoneInfo zone, string zoneLabel) =>
        TimeZoneInfo.ConvertTime(value, zone).ToString("dd.MM.yyyy HH:mm", Culture) + (zoneLabel.Length > 0 ? " " + zoneLabel : "");

    /// <summary>Russian plural: 1 день, 2 дня, 5 дней, 21 день, 11 дней.</summary>
    public static string Plural(int count, string one, string few, string many)
    {
        var n = Math.Abs(count) % 100;
        if (n is >= 11 and <= 14)
        {
            return many;
        }

        return (n % 10) switch
        {
            1 => one,
            2 or 3 or 4 => few,
            _ => many,
        };
    }

    /// <summary>Only absolute http(s) links reach a message: a javascript: or relative link would be a hole.</summary>
    public static Uri RequireWebLink(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("В письме допускаются только абсолютные ссылки http(s).", nameof(url));
        }

        return url;
    }

    /// <summary>Subjects are one header line.</summary>
    public static string OneLine(string value) => value.ReplaceLineEndings(" ").Trim();
}
