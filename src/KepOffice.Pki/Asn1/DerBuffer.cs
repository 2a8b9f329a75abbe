using System.Buffers.Binary;

namespace KepOffice.Pki.Asn1;

/// <summary>
/// Append-only DER writer for large structures (CRLs with millions of entries): bytes go straight into
/// one growable array, and constructed lengths are computed by the caller from known content sizes.
/// </summary>
internal sealed class DerBuffer
{
    private byte[] _buffer;

    public DerBuffer(int initialCapacity = 64 * 1024)
    {
        _buffer = new byte[initialCapacity];
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    /// <summary>The written bytes; no copy when the buffer was sized exactly.</summary>
    public byte[] ToArray() => Length == _buffer.Length ? _buffer : _buffer.AsSpan(0, Length).ToArray();

    public static int LengthOfLength(int length) => length switch
    {
        < 0x80 => 1,
        < 0x100 => 2,
        < 0x10000 => 3,
        < 0x1000000 => 4,
        _ => 5,
    };

    public static int TlvSize(int contentLength) => 1 + LengthOfLength(contentLength) + contentLength;

    public void WriteHeader(byte tag, int contentLength)
    {
        var span = Reserve(1 + LengthOfLength(contentLength));
        span[0] = tag;
        WriteLength(span[1..], contentLength);
    }

    public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    /// <summary>UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5); whole seconds, Z.</summary>
    public void WriteTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var utcTime = utc.Year is >= 1950 and < 2050;
        var span = Reserve(utcTime ? 15 : 17);
        span[0] = utcTime ? (byte)0x17 : (byte)0x18;
        span[1] = utcTime ? (byte)13 : (byte)15;
        var position = 2;
        if (utcTime)
        {
            TwoDigits(span, ref position, utc.Year % 100);
        }
        else
        {
            TwoDigits(span, ref position, utc.Year / 100);
            TwoDigits(span, ref position, utc.Year % 100);
        }

        TwoDigits(span, ref position, utc.Month);
        TwoDigits(span, ref position, utc.Day);
        TwoDigits(span, ref position, utc.Hour);
        TwoDigits(span, ref position, utc.Minute);
        TwoDigits(span, ref position, utc.Second);
        span[position] = (byte)'Z';
    }

    public static int TimeSize(DateTimeOffset time) => time.UtcDateTime.Year is >= 1950 and < 2050 ? 15 : 17;

    private static void TwoDigits(Span<byte> span, ref int position, int value)
    {
        span[position++] = (byte)('0' + (value / 10));
        span[position++] = (byte)('0' + (value % 10));
    }

    private static void WriteLength(Span<byte> span, int length)
    {
        if (length < 0x80)
        {
            span[0] = (byte)length;
            return;
        }

        var count = span.Length - 1;
        span[0] = (byte)(0x80 | count);
        Span<byte> be = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(be, length);
        be[(4 - count)..].CopyTo(span[1..]);
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            var newSize = Math.Max(_buffer.Length * 2L, Length + (long)count);
            if (newSize > Array.MaxLength)
            {
                throw new InvalidOperationException("Структура DER слишком велика.");
            }

            Array.Resize(ref _buffer, (int)newSize);
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
