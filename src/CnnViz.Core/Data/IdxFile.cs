using System.Buffers.Binary;
using System.IO.Compression;
using CnnViz.Core.Files;

namespace CnnViz.Core.Data;

/// <summary>Images read from an IDX file: Pixels (Count, Height, Width) row-major, one byte each.</summary>
public sealed record IdxImages(byte[] Pixels, int Count, int Height, int Width);

/// <summary>An IDX header: its dimensions (images: count, rows, cols; labels: count), payload bytes, and "1,000 labels (1,000 bytes)".</summary>
public sealed record IdxHeader(uint[] Dims, int PayloadLength, string Promise)
{
    public int Count => (int)Dims[0];
}

/// <summary>
/// Reads and writes the IDX files MNIST is distributed in, raw or gzip-compressed (told apart by
/// content, the gzip magic 1f 8b, never by file name). Layout, all integers big-endian:
/// <code>
///   magic  = 00 00 TT DD      TT element type (08 = unsigned byte), DD number of dimensions
///   dims   = DD × uint32       images: count, rows, cols · labels: count
///   payload = count·rows·cols bytes (images) or count bytes (labels)
/// </code>
/// Everything is validated before the payload is allocated, so a corrupt header gives a
/// <see cref="DataFormatException"/> instead of an out-of-memory.
/// </summary>
public static class IdxFile
{
    public const int ImagesMagic = 0x00000803; // unsigned byte, 3 dimensions
    public const int LabelsMagic = 0x00000801; // unsigned byte, 1 dimension
    private const byte UnsignedByte = 0x08;
    /// <summary>Deflate's best case is ~1032:1 (258-byte matches in ~2 bits); a header claiming more than this lies.</summary>
    private const long MaxDeflateRatio = 1100;

    /// <summary>Reads an image file; <paramref name="height"/>/<paramref name="width"/> (if given) must match the header.</summary>
    public static IdxImages ReadImages(string path, int? height = 28, int? width = 28)
    {
        var (dims, pixels) = Read(path, dimensions: 3, "image", expectedRows: height, expectedCols: width);
        return new IdxImages(pixels, (int)dims[0], (int)dims[1], (int)dims[2]);
    }

    /// <summary>Reads a label file; every label must be in 0..classes−1.</summary>
    public static byte[] ReadLabels(string path, int classes = 10)
    {
        var (_, labels) = Read(path, dimensions: 1, "label", null, null);
        int bad = labels.AsSpan().IndexOfAnyInRange((byte)classes, byte.MaxValue);
        if (bad >= 0)
            throw new DataFormatException(path, $"label {labels[bad]} of item {bad:N0} is outside 0..{classes - 1}");
        return labels;
    }

    public static void WriteImages(string path, ReadOnlySpan<byte> pixels, int count, int height, int width, bool gzip)
    {
        if ((long)count * height * width != pixels.Length)
            throw new ArgumentException($"{pixels.Length} pixels are not {count} images of {height}×{width}.", nameof(pixels));
        Write(path, ImagesMagic, [count, height, width], pixels, gzip);
    }

    public static void WriteLabels(string path, ReadOnlySpan<byte> labels, bool gzip) =>
        Write(path, LabelsMagic, [labels.Length], labels, gzip);

    /// <summary>Header then payload, through <see cref="SafeFile.Write"/> (never a half-written file).</summary>
    private static void Write(string path, int magic, int[] dims, ReadOnlySpan<byte> payload, bool gzip)
    {
        var header = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), dims[d]);
        byte[] bytes = payload.ToArray();
        SafeFile.Write(path, file =>
        {
            if (!gzip)
            {
                file.Write(header);
                file.Write(bytes);
                return;
            }
            using var output = new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true); // SafeFile fsyncs and closes the file
            output.Write(header);
            output.Write(bytes);
        });
    }

    /// <summary>
    /// The header of an image (<paramref name="dimensions"/> 3) or label (1) file, read without inflating
    /// the payload: a gzip bomb is measured by what it claims before a byte of its payload is unpacked.
    /// </summary>
    /// <exception cref="DataException">The file cannot be opened, or its header is not a valid IDX header.</exception>
    public static IdxHeader ReadHeader(string path, int dimensions)
    {
        string kind = dimensions == 3 ? "image" : "label";
        using var opened = Open(path);
        try { return ParseHeader(opened.Input, path, opened.Gzip, opened.FileLength, dimensions, kind, null, null); }
        catch (InvalidDataException e) { throw new DataFormatException(path, $"is not valid gzip data ({e.Message})", e); }
    }

    /// <summary>An open IDX file: the (inflating, for gzip) input stream, and what the file itself says about its size.</summary>
    private sealed class OpenIdx(FileStream file, Stream input, bool gzip, long fileLength, uint? gzipSize) : IDisposable
    {
        public Stream Input { get; } = input;
        public bool Gzip { get; } = gzip;
        public long FileLength { get; } = fileLength;
        /// <summary>ISIZE, the gzip trailer: uncompressed length mod 2^32 (forgeable: only a hint).</summary>
        public uint? GzipSize { get; } = gzipSize;
        public void Dispose() { Input.Dispose(); file.Dispose(); }
    }

    private static OpenIdx Open(string path)
    {
        FileStream file;
        try { file = SafeFile.OpenRead(path); }
        catch (FileProblemException e) { throw new DataException($"{e.Message}. Check the path and its permissions, or point --data at another copy.", e); }
        long length = file.Length;
        if (length == 0)
        {
            file.Dispose();
            throw new DataFormatException(path, "is empty (0 bytes)");
        }
        Span<byte> probe = stackalloc byte[4];
        bool gzip = file.ReadAtLeast(probe[..2], 2, throwOnEndOfStream: false) == 2 && probe[0] == 0x1f && probe[1] == 0x8b;
        uint? gzipSize = null;
        if (gzip && length >= 18)
        {
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(probe);
            gzipSize = BinaryPrimitives.ReadUInt32LittleEndian(probe);
        }
        file.Seek(0, SeekOrigin.Begin);
        return new OpenIdx(file, gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file, gzip, length, gzipSize);
    }

    private static (uint[] Dims, byte[] Payload) Read(string path, int dimensions, string kind, int? expectedRows, int? expectedCols)
    {
        using var opened = Open(path);
        try
        {
            return ReadContent(opened.Input, path, opened.Gzip, opened.FileLength, opened.GzipSize, dimensions, kind, expectedRows, expectedCols);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"is not valid gzip data ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new DataException($"{path}: cannot read it: {e.Message}. Check the file, or point --data at another copy.", e);
        }
    }

    private static IdxHeader ParseHeader(Stream input, string path, bool gzip, long fileLength, int dimensions, string kind, int? expectedRows, int? expectedCols)
    {
        // Magic number: 00 00 08 DD.
        int headerLength = 4 + 4 * dimensions;
        var header = new byte[headerLength];
        int got = input.ReadAtLeast(header, headerLength, throwOnEndOfStream: false);
        if (got < 4 || header[0] != 0 || header[1] != 0)
        {
            string found = Convert.ToHexString(header, 0, Math.Min(got, 4)).ToLowerInvariant();
            string gzNote = !gzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? " (the name ends in .gz but the content is not gzip)" : "";
            throw new DataFormatException(path, got < 4
                ? $"is too short to be an IDX file ({got} bytes){gzNote}"
                : $"does not start with an IDX magic number (00 00 08 0{dimensions}); it starts with {found}{gzNote}");
        }
        if (header[2] != UnsignedByte)
            throw new DataFormatException(path, $"has IDX element type 0x{header[2]:x2}; only unsigned bytes (0x08) are supported");
        if (header[3] != dimensions)
        {
            string what = header[3] switch { 1 => "a label file", 3 => "an image file", _ => $"a {header[3]}-dimensional IDX file" };
            throw new DataFormatException(path, $"is {what} (magic 0x{BinaryPrimitives.ReadInt32BigEndian(header):x8}), not the {kind} file expected here");
        }
        if (got < headerLength)
            throw new DataFormatException(path, $"is truncated inside its header ({got} of {headerLength} bytes)");

        var dims = new uint[dimensions];
        for (int d = 0; d < dimensions; d++) dims[d] = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 + 4 * d));
        if (dimensions == 3 && ((expectedRows is int r && dims[1] != r) || (expectedCols is int c && dims[2] != c)))
            throw new DataFormatException(path, $"holds {dims[1]}×{dims[2]} images; this data set's images are {expectedRows}×{expectedCols}");

        // Payload length promised by the header, checked against what the file can hold before allocating.
        Int128 promised = 1;
        foreach (uint d in dims) promised *= d;
        string promise = dimensions == 3 ? $"{dims[0]:N0} images of {dims[1]}×{dims[2]} ({promised:N0} bytes)" : $"{dims[0]:N0} labels ({promised:N0} bytes)";
        if (promised > Array.MaxLength || dims[0] > int.MaxValue)
            throw new DataFormatException(path, $"has a header that claims {promise}, more than any MNIST-style file; the header is corrupt");
        int length = (int)promised;
        if (gzip && length > MaxDeflateRatio * fileLength)
            throw new DataFormatException(path, $"has a header that claims {promise}, more than its {fileLength:N0}-byte gzip file can hold (deflate packs at most ~1032:1); the header is corrupt");
        if (!gzip)
        {
            long held = fileLength - headerLength;
            if (held < length)
                throw new DataFormatException(path, $"is truncated: the header promises {promise} but the file holds {held:N0} after the {headerLength}-byte header");
            if (held > length)
                throw new DataFormatException(path, $"has {held - length:N0} bytes of trailing data after the {promise} its header promises");
        }

        return new IdxHeader(dims, length, promise);
    }

    private static (uint[] Dims, byte[] Payload) ReadContent(Stream input, string path, bool gzip, long fileLength, uint? gzipSize,
        int dimensions, string kind, int? expectedRows, int? expectedCols)
    {
        var (dims, length, promise) = ParseHeader(input, path, gzip, fileLength, dimensions, kind, expectedRows, expectedCols);
        int headerLength = 4 + 4 * dimensions;
        // Gzip's length is only known at the end, and header and trailer are both forgeable: start from
        // twice the compressed size (MNIST inflates ~5:1) and double as real data arrives, so memory stays
        // within about twice what the file really inflates to, whatever its header claims.
        bool trailerAgrees = gzipSize == (uint)((ulong)(headerLength + (long)length) & 0xFFFF_FFFF);
        var payload = new byte[!gzip ? length : (int)Math.Min(length, Math.Max(1 << 20, 2 * fileLength))];
        int filled = 0;
        while (true)
        {
            filled += input.ReadAtLeast(payload.AsSpan(filled), payload.Length - filled, throwOnEndOfStream: false);
            if (filled < payload.Length || payload.Length == length) break;
            Array.Resize(ref payload, (int)Math.Min(length, 2L * payload.Length));
        }
        if (filled < length)
            throw new DataFormatException(path, $"is truncated: the header promises {promise} but the data ends after {filled:N0}");
        Span<byte> extra = stackalloc byte[1];
        if (input.Read(extra) > 0)
            throw new DataFormatException(path, $"has trailing data after the {promise} its header promises");
        // GZipStream stops at the end of the first gzip member and ignores what follows; the
        // trailer check catches bytes appended after it (and multi-member gzip, which MNIST never is).
        if (gzip && !trailerAgrees)
            throw new DataFormatException(path, "has bytes after the end of its gzip data (or is a multi-member gzip file, which is not supported)");
        return (dims, payload);
    }
}
