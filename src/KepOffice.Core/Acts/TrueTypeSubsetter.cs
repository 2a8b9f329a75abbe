using System.Buffers.Binary;

namespace KepOffice.Core.Acts;

// The SkiaSharp native build has no font subsetter, so it embeds whatever font it is given: the full
// Liberation Sans made every act 450 KB and spent most of the rendering time compressing glyphs nobody
// printed. This keeps the glyph ids and tables the PDF needs and empties the outlines of all glyphs
// outside the given set (plus the components of composite glyphs). Glyph ids stay unchanged, so cmap
// and hmtx remain valid as they are. Layout tables and TrueType hinting go: the PDF is set with
// unhinted outlines (SKFontHinting.None) and viewers rasterise it themselves.
internal static class TrueTypeSubsetter
{
    private static readonly HashSet<string> _keptTables =
        ["cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post", "glyf", "loca"];

    public static byte[] Subset(byte[] font, IEnumerable<ushort> glyphs)
    {
        var tables = ReadTables(font);
        var head = tables["head"];
        var longOffsets = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(head.Offset + 50)) == 1;
        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["maxp"].Offset + 4));
        var loca = tables["loca"];
        var glyf = tables["glyf"];

        (int Start, int End) GlyphRange(int glyph)
        {
            var span = font.AsSpan(loca.Offset);
            return longOffsets
                ? ((int)BinaryPrimitives.ReadUInt32BigEndian(span[(glyph * 4)..]), (int)BinaryPrimitives.ReadUInt32BigEndian(span[((glyph + 1) * 4)..]))
                : (BinaryPrimitives.ReadUInt16BigEndian(span[(glyph * 2)..]) * 2, BinaryPrimitives.ReadUInt16BigEndian(span[((glyph + 1) * 2)..]) * 2);
        }

        var kept = new bool[glyphCount];
        var pending = new Stack<ushort>(glyphs.Append((ushort)0));
        while (pending.TryPop(out var glyph))
        {
            if (glyph >= glyphCount || kept[glyph])
            {
                continue;
            }

            kept[glyph] = true;
            var (start, end) = GlyphRange(glyph);
            if (end > start)
            {
                foreach (var component in Components(font.AsSpan(glyf.Offset + start, end - start)))
                {
                    pending.Push(component);
                }
            }
        }

        var newGlyf = new MemoryStream();
        var newLoca = new byte[(glyphCount + 1) * 4];
        for (var glyph = 0; glyph < glyphCount; glyph++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(glyph * 4), (uint)newGlyf.Length);
            if (kept[glyph])
            {
                var (start, end) = GlyphRange(glyph);
                WithoutInstructions(newGlyf, font.AsSpan(glyf.Offset + start, end - start));
                while (newGlyf.Length % 4 != 0)
                {
                    newGlyf.WriteByte(0);
                }
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(glyphCount * 4), (uint)newGlyf.Length);

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (tag, table) in tables)
        {
            if (_keptTables.Contains(tag))
            {
                output[tag] = font.AsSpan(table.Offset, table.Length).ToArray();
            }
        }

        output["glyf"] = newGlyf.ToArray();
        output["loca"] = newLoca;
        var newHead = output["head"];
        BinaryPrimitives.WriteInt16BigEndian(newHead.AsSpan(50), 1);
        BinaryPrimitives.WriteUInt32BigEndian(newHead.AsSpan(8), 0);
        if (output.TryGetValue("post", out var post) && post.Length >= 32)
        {
            // Format 3 carries no glyph names: a PDF addresses glyphs by id and the names are 30 KB.
            var format3 = post[..32];
            BinaryPrimitives.WriteUInt32BigEndian(format3, 0x00030000);
            output["post"] = format3;
        }

        // Unused glyphs keep their slot in hmtx but lose their metrics, which then compress to nothing.
        var hmtx = output["hmtx"];
        var longMetrics = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["hhea"].Offset + 34));
        for (var glyph = 0; glyph < glyphCount; glyph++)
        {
            if (!kept[glyph])
            {
                var at = glyph < longMetrics ? glyph * 4 : longMetrics * 4 + (glyph - longMetrics) * 2;
                hmtx.AsSpan(at, glyph < longMetrics ? 4 : 2).Clear();
            }
        }

        return Write(output);
    }

    private static void WithoutInstructions(Stream output, ReadOnlySpan<byte> glyph)
    {
        if (glyph.Length < 10)
        {
            output.Write(glyph);
            return;
        }

        var contours = BinaryPrimitives.ReadInt16BigEndian(glyph);
        if (contours >= 0)
        {
            var lengthAt = 10 + contours * 2;
            var instructions = BinaryPrimitives.ReadUInt16BigEndian(glyph[lengthAt..]);
            output.Write(glyph[..lengthAt]);
            output.Write([0, 0]);
            output.Write(glyph[(lengthAt + 2 + instructions)..]);
            return;
        }

        const int argsAreWords = 0x0001, haveScale = 0x0008, moreComponents = 0x0020, haveXyScale = 0x0040, haveTwoByTwo = 0x0080, haveInstructions = 0x0100;
        var copy = glyph.ToArray();
        var position = 10;
        int flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(position));
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(position), (ushort)(flags & ~haveInstructions));
            position += 4 + ((flags & argsAreWords) != 0 ? 4 : 2);
            position += (flags & haveScale) != 0 ? 2 : (flags & haveXyScale) != 0 ? 4 : (flags & haveTwoByTwo) != 0 ? 8 : 0;
        }
        while ((flags & moreComponents) != 0 && position + 4 <= copy.Length);

        output.Write(copy, 0, Math.Min(position, copy.Length));
    }

    private static IEnumerable<ushort> Components(ReadOnlySpan<byte> glyph)
    {
        var components = new List<ushort>();
        if (glyph.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0)
        {
            return components;
        }

        const int argsAreWords = 0x0001, haveScale = 0x0008, moreComponents = 0x0020, haveXyScale = 0x0040, haveTwoByTwo = 0x0080;
        var position = 10;
        int flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(glyph[position..]);
            components.Add(BinaryPrimitives.ReadUInt16BigEndian(glyph[(position + 2)..]));
            position += 4 + ((flags & argsAreWords) != 0 ? 4 : 2);
            position += (flags & haveScale) != 0 ? 2 : (flags & haveXyScale) != 0 ? 4 : (flags & haveTwoByTwo) != 0 ? 8 : 0;
        }
        while ((flags & moreComponents) != 0 && position + 4 <= glyph.Length);

        return components;
    }

    private static Dictionary<string, (int Offset, int Length)> ReadTables(byte[] font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = font.AsSpan(12 + i * 16, 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            tables[tag] = ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }

        foreach (var required in new[] { "head", "maxp", "loca", "glyf", "cmap", "hmtx", "hhea" })
        {
            if (!tables.ContainsKey(required))
            {
                throw new InvalidOperationException($"The font has no '{required}' table; only TrueType outlines can be subset.");
            }
        }

        return tables;
    }

    private static byte[] Write(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var searchRange = 16;
        var entrySelector = 0;
        while (searchRange * 2 <= count * 16)
        {
            searchRange *= 2;
            entrySelector++;
        }

        var headerLength = 12 + count * 16;
        var total = headerLength + tables.Values.Sum(table => (table.Length + 3) & ~3);
        var font = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(font, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(10), (ushort)(count * 16 - searchRange));
        var offset = headerLength;
        var index = 0;
        var headOffset = 0;
        foreach (var (tag, table) in tables)
        {
            var record = font.AsSpan(12 + index * 16, 16);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(table));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)table.Length);
            table.CopyTo(font, offset);
            if (tag == "head")
            {
                headOffset = offset;
            }

            offset += (table.Length + 3) & ~3;
            index++;
        }

        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(headOffset + 8), unchecked(0xB1B0AFBA - Checksum(font)));
        return font;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (var j = 0; j < 4; j++)
            {
                word = (word << 8) | (i + j < data.Length ? data[i + j] : 0u);
            }

            sum = unchecked(sum + word);
        }

        return sum;
    }
}
