using QRCoder;
using SkiaSharp;

namespace KepOffice.Core.Acts;

// The QR code is drawn as one vector path of module rectangles: it stays sharp at any print resolution
// and costs a few hundred bytes instead of an embedded image.
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
        for (var row = 0; row < count; row++)
        {
            var column = 0;
            while (column < count)
            {
                if (!modules[row, column])
                {
                    column++;
                    continue;
                }

                // Runs of dark modules become one rectangle: fewer path segments, no seams inside a run.
                var start = column;
                while (column < count && modules[row, column])
                {
                    column++;
                }

                path.AddRect(new SKRect(
                    area.Left + start * module,
                    area.Top + row * module,
                    area.Left + column * module,
                    area.Top + (row + 1) * module));
            }
        }

        canvas.DrawPath(path, ink);
    }
}
