using QRCoder;
using SkiaSharp;

namespace KepOffice.Core.Acts;

// The QR code is drawn as one vector path of module rectangles: it stays sharp at any print resolution
// and costs a few kilobytes instead of an embedded image.
internal static class ActQrCode
{
    // Dark modules without the quiet zone; [row, column].
    public static bool[,] Modules(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var core = 17 + 4 * data.Version;
        var quiet = (matrix.Count - core) / 2;
        var modules = new bool[core, core];
        for (var row = 0; row < core; row++)
        {
            for (var column = 0; column < core; column++)
            {
                modules[row, column] = matrix[row + quiet][column + quiet];
            }
        }

        return modules;
    }

    public static void Draw(SKCanvas canvas, bool[,] modules, SKRect area, SKPaint ink)
    {
        var count = modules.GetLength(0);
        var module = area.Width / count;
        using var path = new SKPath();

        // Runs of dark modules become rectangles, and a run repeated in the rows below grows down instead
        // of starting a new one: Skia's PDF writer spends its time per path segment, not per module.
        var open = new Dictionary<(int Start, int End), int>();
        var next = new Dictionary<(int Start, int End), int>();
        for (var row = 0; row <= count; row++)
        {
            next.Clear();
            var column = 0;
            while (row < count && column < count)
            {
                if (!modules[row, column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < count && modules[row, column])
                {
                    column++;
                }

                next[(start, column)] = open.Remove((start, column), out var top) ? top : row;
            }

            foreach (var ((start, end), top) in open)
            {
                path.AddRect(new SKRect(area.Left + start * module, area.Top + top * module, area.Left + end * module, area.Top + row * module));
            }

            (open, next) = (next, open);
        }

        canvas.DrawPath(path, ink);
    }
}
