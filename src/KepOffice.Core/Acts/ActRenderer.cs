using SkiaSharp;

namespace KepOffice.Core.Acts;

// Renders the paper copy of a qualified certificate that the applicant signs (63-ФЗ art. 18).
// Stateless apart from the shared typefaces, so one instance serves concurrent requests.
public sealed class ActRenderer(TimeProvider time)
{
    public byte[] Render(CertificateAct act)
    {
        using var output = new MemoryStream(48 * 1024);
        Render(act, output);
        return output.ToArray();
    }

    public void Render(CertificateAct act, Stream output)
    {
        ArgumentNullException.ThrowIfNull(act);
        ArgumentNullException.ThrowIfNull(output);
        var sections = ActContent.Sections(act);
        using var style = new ActStyle(ActTypefaces.ForText(ActContent.FreeText(act, sections)));
        var pages = Paginate(Compose(act, sections, style));
        var now = time.GetUtcNow().UtcDateTime;
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = $"{ActContent.DocumentTitle} № {act.Certificate.SerialNumber.ToUpperInvariant()}";
        metadata.Subject = $"{ActContent.Subtitle(act)} от {ActContent.Date(act.Date)}";
        metadata.Author = act.Issuer.Name;
        metadata.Creator = "KepOffice";
        metadata.Producer = "KepOffice (SkiaSharp)";
        metadata.Creation = now;
        metadata.Modified = now;
        metadata.PdfA = true;

        using var document = SKDocument.CreatePdf(output, metadata)
            ?? throw new InvalidOperationException("SkiaSharp could not create a PDF document.");
        var footer = ActContent.Footer(act);
        for (var page = 0; page < pages.Count; page++)
        {
            var canvas = document.BeginPage(ActStyle.PageWidth, ActStyle.PageHeight);
            foreach (var (block, top) in pages[page])
            {
                block.Draw(canvas, style, top);
            }

            DrawFooter(canvas, style, footer, ActContent.PageNumber(page + 1, pages.Count));
            document.EndPage();
        }

        document.Close();
    }

    // The QR code leads to the verification page for exactly this certificate.
    internal static string VerificationLink(CertificateAct act)
    {
        var thumbprint = act.Certificate.StreebogThumbprint is { Length: > 0 } streebog ? streebog : act.Certificate.Sha1Thumbprint;
        var url = act.VerificationUrl.ToString();
        if (string.IsNullOrEmpty(thumbprint))
        {
            return url;
        }

        var separator = string.IsNullOrEmpty(act.VerificationUrl.Query) ? '?' : '&';
        return $"{url}{separator}thumbprint={ActContent.Thumbprint(thumbprint)}";
    }

    internal static IReadOnlyList<ActBlock> Compose(CertificateAct act, IReadOnlyList<ActSection> sections, ActStyle style)
    {
        var issuer = act.Issuer;
        var details = $"ИНН {issuer.Inn} · ОГРН {issuer.Ogrn}";
        if (issuer.Address is { } address)
        {
            details += "\n" + ActContent.Address(address);
        }

        var blocks = new List<ActBlock>
        {
            new LetterheadBlock(style, issuer.Name, details),
            new SpacerBlock(8f),
            new CenteredTextBlock(TextWrapper.Wrap(ActContent.DocumentTitle, style.Title, ActStyle.Width * 0.78f), style.Title, style.Ink, 15.5f, 4f),
            new ActLineBlock(style, ActContent.Subtitle(act), act.Place, ActContent.Date(act.Date)),
        };
        foreach (var section in sections)
        {
            blocks.Add(new HeadingBlock(section.Title));
            blocks.AddRange(section.Rows.Select(row => new RowBlock(style, row)));
        }

        blocks.Add(new SignaturesBlock(
            style,
            ActContent.Statement,
            ActContent.ShortName(act.Owner.Surname, act.Owner.GivenName),
            act.OperatorName,
            ActContent.Date(act.Date),
            ActQrCode.Modules(VerificationLink(act))));
        return blocks;
    }

    internal static List<List<(ActBlock Block, float Top)>> Paginate(IReadOnlyList<ActBlock> blocks)
    {
        var pages = new List<List<(ActBlock Block, float Top)>> { new() };
        var y = ActStyle.Top;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var atTop = pages[^1].Count == 0;
            if (block is SpacerBlock && atTop)
            {
                continue;
            }

            // A following row that fits a page moves whole, so a heading must be able to take all of it along.
            var needed = block.Height;
            if (block.KeepWithNext && i + 1 < blocks.Count)
            {
                var next = blocks[i + 1];
                needed += next.Height + block.Height <= ActStyle.Bottom - ActStyle.Top ? next.Height : next.MinimumHeight;
            }

            var tallerThanPage = block.Height > ActStyle.Bottom - ActStyle.Top;
            if (!atTop && y + needed > ActStyle.Bottom && !(tallerThanPage && block.Split(ActStyle.Bottom - y) is not null))
            {
                pages.Add([]);
                y = ActStyle.Top;
            }

            while (y + block.Height > ActStyle.Bottom)
            {
                if (block.Split(ActStyle.Bottom - y) is not { } split)
                {
                    if (pages[^1].Count == 0)
                    {
                        throw new InvalidOperationException("A part of the act is taller than a page and cannot be split.");
                    }

                    pages.Add([]);
                    y = ActStyle.Top;
                    continue;
                }

                pages[^1].Add((split.Head, y));
                pages.Add([]);
                y = ActStyle.Top;
                block = split.Tail;
            }

            pages[^1].Add((block, y));
            y += block.Height;
        }

        return pages;
    }

    private static void DrawFooter(SKCanvas canvas, ActStyle style, string footer, string pageNumber)
    {
        canvas.DrawLine(ActStyle.Left, ActStyle.FooterTop, ActStyle.Right, ActStyle.FooterTop, style.Rule);
        var baseline = ActStyle.FooterTop + 4f + ActStyle.Ascent(style.Caption);
        canvas.DrawText(footer, ActStyle.Left, baseline, style.Caption, style.Muted);
        canvas.DrawText(pageNumber, ActStyle.Right - style.Caption.MeasureText(pageNumber), baseline, style.Caption, style.Muted);
    }
}
