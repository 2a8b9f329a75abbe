using System.Globalization;
using System.Text.RegularExpressions;
using KepOffice.Core.Acts;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;
using Xunit.Abstractions;

namespace KepOffice.UnitTests.Core.Acts;

public sealed partial class ActRendererTests(ITestOutputHelper output)
{
    private readonly ActRenderer _renderer = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 20, 0, TimeSpan.Zero)));

    [Fact]
    public void Natural_person_act_is_one_A4_page_with_the_certificate_contents()
    {
        var pdf = Poppler.Save("natural-person", _renderer.Render(ActSamples.NaturalPerson()));

        var text = Poppler.Text(pdf);
        output.WriteLine(text);
        Assert.Contains("Копия квалифицированного сертификата", text);
        Assert.Contains("Акт приёма-передачи № МСК-2026-000123", text);
        Assert.Contains("Иванов", text);
        Assert.Contains("Иван Иванович", text);
        Assert.Contains("Иванов И. И.", text);
        Assert.Contains("112-233-445 95", text);
        Assert.Contains("500100732259", text);
        Assert.Contains(ActSamples.Serial, text);
        Assert.Contains(ActSamples.Streebog.ToLowerInvariant(), text);
        Assert.Contains(ActSamples.Sha1.ToLowerInvariant(), text);
        Assert.Contains("с 23.11.2026 09:15:00 UTC по 23.02.2028 09:15:00 UTC", text);
        Assert.Contains("КС1, КС2", text);
        Assert.Contains("лично (при личном присутствии заявителя)", text);
        Assert.Contains("С информацией, содержащейся в квалифицированном сертификате, ознакомлен(а).", text);
        Assert.Contains("ООО «КепОфис Удостоверяющий центр»", text);
        Assert.Contains("Петрова А. С.", text);
        Assert.Contains("г. Москва", text);
        Assert.Contains("Лист 1 из 1", text);

        var info = Poppler.Info(pdf);
        Assert.Matches(@"Pages:\s+1\n", info);
        Assert.Matches(@"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info);
        Assert.Contains("KepOffice", info);

        var fonts = Poppler.Fonts(pdf);
        output.WriteLine(fonts);
        Assert.Matches(@"LiberationSans\s.*\syes\s+yes\s", fonts);
        Assert.Matches(@"LiberationSans-Bold\s.*\syes\s+yes\s", fonts);

        // PDF/A-2b: XMP identification and an output intent, as archives of signed acts expect.
        var raw = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(pdf));
        Assert.Contains("<pdfaid:part>2</pdfaid:part>", raw);
        Assert.Contains("/OutputIntents", raw);

        var png = Poppler.RenderFirstPage(pdf, 80);
        output.WriteLine(png);
        Assert.True(new FileInfo(png).Length > 10_000);
    }

    [Fact]
    public void Individual_entrepreneur_with_an_address_still_fits_one_page()
    {
        var act = ActSamples.NaturalPerson();
        act = act with
        {
            Owner = act.Owner with
            {
                Ogrnip = "304500116000157",
                Address = new ActAddress("50 Московская область", "г. Подольск", "ул. Кирова, д. 15, кв. 4"),
            },
        };
        var pdf = Poppler.Save("entrepreneur", _renderer.Render(act));

        Assert.Matches(@"Pages:\s+1\n", Poppler.Info(pdf));
        var text = Poppler.Text(pdf);
        Assert.Contains("индивидуальный предприниматель", text);
        Assert.Contains("304500116000157", text);
        Assert.Contains("50 Московская область, г. Подольск, ул. Кирова, д. 15, кв. 4", text);
        AssertInsideTextArea(Words(pdf));
    }

    [Fact]
    public void Letters_outside_the_embedded_subset_are_still_printed()
    {
        var act = ActSamples.NaturalPerson();
        act = act with { Owner = act.Owner with { Surname = "Ковальчук-Ї", CommonName = "Ковальчук-Ї Олеся Ђорђевна", GivenName = "Олеся Ђорђевна" } };
        var pdf = Poppler.Save("outside-subset", _renderer.Render(act));

        var text = Poppler.Text(pdf);
        Assert.Contains("Ковальчук-Ї", text);
        Assert.Contains("Олеся Ђорђевна", text);
        Assert.Matches(@"LiberationSans\s.*\syes\s+yes\s", Poppler.Fonts(pdf));
    }

    [Fact]
    public void Nothing_is_drawn_outside_the_text_area()
    {
        var pdf = Poppler.Save("natural-person-bounds", _renderer.Render(ActSamples.NaturalPerson()));

        AssertInsideTextArea(Words(pdf));
    }

    [Fact]
    public void Qr_code_holds_the_verification_link_with_the_thumbprint()
    {
        var act = ActSamples.NaturalPerson();
        var link = ActRenderer.VerificationLink(act);
        Assert.Equal("https://uc.kepoffice.ru/check?thumbprint=" + ActSamples.Streebog.ToLowerInvariant(), link);
        var pdf = Poppler.Save("natural-person-qr", _renderer.Render(act));
        const int dpi = 288;
        var png = Poppler.RenderFirstPage(pdf, dpi, "-qr");

        // The drawn squares must be QRCoder's matrix module for module.
        var expected = ActQrCode.Modules(link);
        using var bitmap = SKBitmap.Decode(png);
        var scale = dpi / 72f;
        var area = QrArea(act);
        var count = expected.GetLength(0);
        var module = area.Width / count;
        for (var row = 0; row < count; row++)
        {
            for (var column = 0; column < count; column++)
            {
                var pixel = bitmap.GetPixel(
                    (int)((area.Left + (column + 0.5f) * module) * scale),
                    (int)((area.Top + (row + 0.5f) * module) * scale));
                Assert.True(expected[row, column] == pixel.Red < 128, $"module {row},{column}");
            }
        }

        // zbar-tools is not among the packages the CI script installs; decode wherever it is present.
        if (Poppler.IsInstalled("zbarimg"))
        {
            Assert.Equal("QR-Code:" + link, Poppler.Run("zbarimg", "--quiet", png).Trim());
        }
        else
        {
            output.WriteLine("zbarimg not installed: QR decoding checked by module comparison only");
        }
    }

    [Fact]
    public void Long_organisation_name_and_address_wrap_inside_the_value_column()
    {
        const string name = "Общество с ограниченной ответственностью «Научно-производственное объединение перспективных " +
            "информационных технологий, защиты информации и электронного документооборота в интересах государственных " +
            "и муниципальных заказчиков Северо-Западного федерального округа»";
        const string street = "Российская Федерация, 190000, город Санкт-Петербург, внутригородская территория муниципальный " +
            "округ Адмиралтейский, набережная реки Мойки, дом 108, литера А, помещение 14-Н, комнаты 1–12";
        var pdf = Poppler.Save("legal-entity-long-name", _renderer.Render(ActSamples.LegalEntity(name, street, 2)));

        var words = Words(pdf);
        AssertInsideTextArea(words);
        foreach (var expected in new[] { name, street })
        {
            var parts = expected.Split(' ');
            var found = parts.Select(part => words.FirstOrDefault(word => word.Text == part)).ToList();
            Assert.All(parts.Zip(found), pair => Assert.True(pair.Second is not null, $"«{pair.First}» is missing"));
            Assert.True(found.Select(word => word!.Top).Distinct().Count() >= 2, "the value did not wrap");
        }

        var text = Poppler.Text(pdf);
        Assert.Contains("юридическое лицо", text);
        Assert.Contains("через ЕСИА и ЕБС", text);
    }

    [Fact]
    public void Act_with_many_rows_continues_on_further_pages_without_losing_text()
    {
        var act = ActSamples.LegalEntity("ООО «Ромашка»", "ул. Ленина, д. 1", 90);
        var pdf = Poppler.Save("legal-entity-many-rows", _renderer.Render(act));

        var info = Poppler.Info(pdf);
        var pages = int.Parse(PagesPattern().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(pages >= 2, info);
        var words = Words(pdf);
        AssertInsideTextArea(words);
        var text = Poppler.Text(pdf);
        for (var i = 1; i <= 90; i++)
        {
            Assert.Contains($"1.2.643.6.{i}.1.1", text);
        }

        Assert.Contains($"Лист {pages} из {pages}", text);
        Assert.Contains("ознакомлен(а)", text);
        Assert.Contains("Реквизиты соответствия средства УЦ", text);
        Assert.Contains("(продолжение)", text);
        Poppler.RenderFirstPage(pdf, 80);
    }

    [Fact]
    public void Dates_do_not_follow_the_thread_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ar-SA");
            var pdf = Poppler.Save("natural-person-ar-sa", _renderer.Render(ActSamples.NaturalPerson()));

            var text = Poppler.Text(pdf);
            Assert.Contains("с 23.11.2026 09:15:00 UTC", text);
            Assert.Contains("Дата: 23.11.2026", text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void One_renderer_serves_parallel_callers()
    {
        var acts = Enumerable.Range(0, 16)
            .Select(i => ActSamples.NaturalPerson() with { Number = $"ПАР-{i:D3}" })
            .ToList();

        var pdfs = new byte[acts.Count][];
        Parallel.For(0, acts.Count, i => pdfs[i] = _renderer.Render(acts[i]));

        for (var i = 0; i < acts.Count; i++)
        {
            var text = Poppler.Text(Poppler.Save($"parallel-{i:D2}", pdfs[i]));
            Assert.Contains($"ПАР-{i:D3}", text);
        }
    }

    [Theory]
    [InlineData("11223344595", "112-233-445 95")]
    [InlineData("112-233-445 95", "112-233-445 95")]
    public void Snils_is_printed_in_its_usual_grouping(string stored, string printed) =>
        Assert.Equal(printed, ActContent.Snils(stored));

    [Fact]
    public void Signature_transcript_uses_initials() =>
        Assert.Equal("Салтыков-Щедрин М. Е.", ActContent.ShortName("Салтыков-Щедрин", "Михаил Евграфович"));

    // Where the last page puts the QR code, from the same layout the renderer used.
    private static SKRect QrArea(CertificateAct act)
    {
        var sections = ActContent.Sections(act);
        using var style = new ActStyle(ActTypefaces.ForText(ActContent.FreeText(act, sections)));
        var pages = ActRenderer.Paginate(ActRenderer.Compose(act, sections, style));
        Assert.Single(pages);
        return SignaturesBlock.QrArea(pages[0].Single(placed => placed.Block is SignaturesBlock).Top);
    }

    private static void AssertInsideTextArea(IReadOnlyList<Word> words)
    {
        Assert.NotEmpty(words);
        Assert.All(words, word =>
        {
            Assert.True(word.Left >= ActStyle.Left - 0.5 && word.Right <= ActStyle.Right + 0.5, $"«{word.Text}» crosses a side margin: {word}");
            Assert.True(word.Top >= ActStyle.Top - 0.5, $"«{word.Text}» is above the top margin: {word}");
            // Everything but the footer ends above the bottom of the text area.
            Assert.True(word.Bottom <= ActStyle.Bottom + 0.5 || word.Top >= ActStyle.FooterTop, $"«{word.Text}» runs into the footer: {word}");
            Assert.True(word.Bottom <= ActStyle.PageHeight - 30, $"«{word.Text}» is off the page: {word}");
        });
    }

    private static List<Word> Words(string pdf)
    {
        var html = Poppler.Run("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-");
        return WordPattern().Matches(html)
            .Select(match => new Word(
                System.Net.WebUtility.HtmlDecode(match.Groups[5].Value),
                double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
                double.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    [GeneratedRegex("""<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>""")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesPattern();

    private sealed record Word(string Text, double Left, double Top, double Right, double Bottom);
}
