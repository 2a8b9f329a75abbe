using SkiaSharp;

namespace KepOffice.Core.Acts;

internal static class TextWrapper
{
    // Greedy line filling at spaces; '\n' starts a new line; a word wider than the column (a URL, a hex
    // string) is cut between characters rather than drawn past the column edge.
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        var space = font.MeasureText(" ");
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            var lineWidth = 0f;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = font.MeasureText(word);
                if (line.Length > 0 && lineWidth + space + wordWidth <= width)
                {
                    line += " " + word;
                    lineWidth += space + wordWidth;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                var rest = word;
                while (wordWidth > width)
                {
                    var fits = FittingPrefix(rest, font, width);
                    lines.Add(rest[..fits]);
                    rest = rest[fits..];
                    wordWidth = font.MeasureText(rest);
                }

                line = rest;
                lineWidth = wordWidth;
            }

            lines.Add(line);
        }

        return lines;
    }

    private static int FittingPrefix(string word, SKFont font, float width)
    {
        var low = 1;
        var high = word.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (font.MeasureText(word.AsSpan(0, middle)) <= width)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        // Never split a surrogate pair.
        if (low < word.Length && char.IsLowSurrogate(word[low]) && low > 1)
        {
            low--;
        }

        return low;
    }
}
