using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using KepOffice.Core.Certificates;
using KepOffice.Core.Certificates.Register;
using KepOffice.Pki.Revocation;
using KepOffice.Web.Components.Pages;

namespace KepOffice.Web.Api;

/// <summary>
/// The register as CSV (UTF-8 with BOM, ";" — what Russian Excel opens directly) and as XLSX. Both read
/// the rows one by one from the database: CSV goes straight to the response, XLSX to a temporary file
/// first (a ZIP needs its directory at the end), so neither holds the register in memory.
/// </summary>
internal static class CertificateRegisterExport
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    private static readonly string[] Headers =
    [
        "Серийный номер", "Владелец", "СНИЛС", "Номер заявления", "УЦ", "Выдан (МСК)", "Действует с (МСК)", "Действует по (МСК)",
        "Статус", "Прекращён (МСК)", "Основание прекращения", "Комментарий",
    ];

    public static Task WriteCsvAsync(IAsyncEnumerable<CertificateRegisterRow> rows, Stream output, CancellationToken cancellationToken) =>
        WriteCsvAsync(Headers, rows, row => Values(row).Select(value => value switch
        {
            DateTime moment => ToMoscow(moment).ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture),
            _ => value as string,
        }).ToArray(), output, cancellationToken);

    /// <summary>
    /// A CSV that Russian Excel opens directly (UTF-8 with BOM, ";", CRLF), written row by row as <paramref name="rows"/> are read;
    /// each value through <see cref="CsvField"/>, a null as an empty field.
    /// </summary>
    internal static async Task WriteCsvAsync<T>(IReadOnlyList<string> headers, IAsyncEnumerable<T> rows, Func<T, string?[]> values, Stream output,
        CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(';', headers) + "\r\n");
        var line = new StringBuilder();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            var fields = values(row);
            for (var i = 0; i < fields.Length; i++)
            {
                line.Append(i > 0 ? ";" : "").Append(fields[i] is { } value ? CsvField(value) : "");
            }

            await writer.WriteAsync(line.Append("\r\n"), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the workbook to <paramref name="file"/> (a seekable temporary file) and leaves it at position 0.</summary>
    public static async Task WriteXlsxAsync(IAsyncEnumerable<CertificateRegisterRow> rows, FileStream file, CancellationToken cancellationToken)
    {
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteEntry(zip, "[Content_Types].xml", ContentTypes);
            WriteEntry(zip, "_rels/.rels", RootRelationships);
            WriteEntry(zip, "xl/workbook.xml", Workbook);
            WriteEntry(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships);
            WriteEntry(zip, "xl/styles.xml", Styles);
            // The file is local: writing the XML synchronously is fine, only the rows are awaited.
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            using var xml = XmlWriter.Create(sheet, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
            xml.WriteStartDocument(standalone: true);
            xml.WriteStartElement("worksheet", MainNamespace);
            xml.WriteRaw("""<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>""");
            xml.WriteRaw("""<cols><col min="1" max="1" width="36" customWidth="1"/><col min="2" max="2" width="36" customWidth="1"/><col min="3" max="5" width="18" customWidth="1"/><col min="6" max="10" width="20" customWidth="1"/><col min="11" max="12" width="40" customWidth="1"/></cols>""");
            xml.WriteStartElement("sheetData", MainNamespace);
            xml.WriteStartElement("row", MainNamespace);
            foreach (var header in Headers)
            {
                TextCell(xml, header, style: 1);
            }

            xml.WriteEndElement();
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                xml.WriteStartElement("row", MainNamespace);
                foreach (var value in Values(row))
                {
                    switch (value)
                    {
                        case DateTime moment:
                            xml.WriteStartElement("c", MainNamespace);
                            xml.WriteAttributeString("s", "2");
                            xml.WriteElementString("v", MainNamespace, ToMoscow(moment).ToOADate().ToString("R", CultureInfo.InvariantCulture));
                            xml.WriteEndElement();
                            break;
                        case string text:
                            TextCell(xml, text, style: 0);
                            break;
                        default:
                            xml.WriteElementString("c", MainNamespace, null);
                            break;
                    }
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        file.Position = 0;
    }

    /// <summary>What each column holds: strings, UTC moments (shown in Moscow time) or null.</summary>
    private static object?[] Values(CertificateRegisterRow r)
    {
        var (endedUtc, grounds) = r.Status switch
        {
            CertificateStatus.Valid => ((DateTime?)null, (string?)null),
            CertificateStatus.Revoked => (r.RevokedAtUtc, "Отзыв: " + (r.RevocationReason is { } reason ? Reason(reason) : "причина не указана")),
            CertificateStatus.Expired => (r.NotAfterUtc, "Истечение срока действия"),
            CertificateStatus.Superseded => (r.RevokedAtUtc, "Замена сертификата"),
            CertificateStatus.Suspended => (null, "Действие приостановлено с " + BackOfficeText.Moment(r.RevokedAtUtc ?? r.IssuedUtc)),
        };
        return
        [
            r.SerialHex, r.HolderName, r.Snils is null ? null : BackOfficeText.Snils(r.Snils), r.ApplicationNumber, r.CaId, r.IssuedUtc,
            r.NotBeforeUtc, r.NotAfterUtc, BackOfficeText.Status(r.Status), endedUtc, grounds,
            r.Status is CertificateStatus.Revoked or CertificateStatus.Suspended ? r.RevocationComment : null,
        ];
    }

    private static string Reason(RevocationReason reason) => reason switch
    {
        RevocationReason.Unspecified => "без указания причины",
        RevocationReason.KeyCompromise => "компрометация ключа",
        RevocationReason.CACompromise => "компрометация ключа УЦ",
        RevocationReason.AffiliationChanged => "изменение сведений в сертификате",
        RevocationReason.Superseded => "замена сертификата",
        RevocationReason.CessationOfOperation => "прекращение использования по заявлению владельца",
        RevocationReason.CertificateHold => "приостановление",
        RevocationReason.RemoveFromCrl => "снятие приостановления",
        RevocationReason.PrivilegeWithdrawn => "прекращение полномочий владельца",
    };

    private static DateTime ToMoscow(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Moscow);

    /// <summary>
    /// Quotes what would break the line, and defuses text that a spreadsheet would run as a formula
    /// (a holder name beginning with "=" must not become a formula on the auditor's machine).
    /// </summary>
    internal static string CsvField(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(";\"\r\n") >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static void TextCell(XmlWriter xml, string text, int style)
    {
        xml.WriteStartElement("c", MainNamespace);
        xml.WriteAttributeString("t", "inlineStr");
        if (style != 0)
        {
            xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        }

        xml.WriteStartElement("is", MainNamespace);
        xml.WriteStartElement("t", MainNamespace);
        if (text.StartsWith(' ') || text.EndsWith(' '))
        {
            xml.WriteAttributeString("xml", "space", null, "preserve");
        }

        // XML 1.0 cannot carry control characters; they have no place in a register cell anyway.
        xml.WriteString(new string(text.Where(ch => ch >= ' ' || ch is '\t' or '\n' or '\r').ToArray()));
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteEntry(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(new UTF8Encoding(false).GetBytes(content));
    }

    private const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private const string ContentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
        """;

    private const string RootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """;

    private const string Workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Реестр сертификатов" sheetId="1" r:id="rId1"/></sheets></workbook>
        """;

    private const string WorkbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """;

    // Style 0: default; 1: bold header; 2: date and time.
    private const string Styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy hh:mm:ss"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """;
}
