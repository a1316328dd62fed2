using System.IO.Compression;

namespace CnnViz.Tests.Shared;

/// <summary>
/// Image files for tests, written by hand (no encoder library): grayscale or RGBA PNG (zlib, filter 0,
/// CRC-32 per chunk), a PNG whose header claims any size, and a small class-per-folder tree of shapes.
/// Shared by the Engine and App tests (linked into both projects).
/// </summary>
internal static class TestImages
{
    /// <summary>A PNG of <paramref name="pixels"/> (h, w) row-major; channels 1 (grey) or 4 (RGBA).</summary>
    public static byte[] Png(byte[] pixels, int h, int w, int channels = 1)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < h; y++) { raw.WriteByte(0); raw.Write(pixels, y * w * channels, w * channels); }   // filter type 0 per row
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(z);
        return [.. Signature, .. Chunk("IHDR", Header(w, h, channels == 1 ? (byte)0 : (byte)6)), .. Chunk("IDAT", idat.ToArray()), .. Chunk("IEND", [])];
    }

    /// <summary>A valid PNG header (signature + IHDR) claiming <paramref name="w"/>×<paramref name="h"/> RGBA pixels, then a few bytes of data.</summary>
    public static byte[] PngClaiming(int w, int h) => [.. Signature, .. Chunk("IHDR", Header(w, h, 6)), .. Chunk("IDAT", [0x78, 0x9C, 0, 0])];

    /// <summary>
    /// DIR/&lt;class&gt;/i.png for classes "bar", "column", "square": a white horizontal bar, vertical bar or
    /// filled square at a seeded position on black, 20×20 to 36×30 pixels (some RGBA, dark on white, to
    /// exercise inversion and alpha), <paramref name="perClass"/> images each.
    /// </summary>
    public static void ShapesTree(string dir, int perClass, int seed = 1)
    {
        var random = new Random(seed);
        foreach (string shape in new[] { "bar", "column", "square" })
        {
            Directory.CreateDirectory(Path.Combine(dir, shape));
            for (int i = 0; i < perClass; i++)
            {
                int h = random.Next(20, 37), w = random.Next(20, 31);
                var grey = new byte[h * w];
                int cy = random.Next(h / 3, 2 * h / 3), cx = random.Next(w / 3, 2 * w / 3);
                for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    bool on = shape switch
                    {
                        "bar" => Math.Abs(y - cy) <= 1 && Math.Abs(x - cx) <= w / 3,
                        "column" => Math.Abs(x - cx) <= 1 && Math.Abs(y - cy) <= h / 3,
                        _ => Math.Abs(y - cy) <= h / 6 && Math.Abs(x - cx) <= h / 6,
                    };
                    grey[y * w + x] = on ? (byte)255 : (byte)random.Next(0, 30);
                }
                byte[] png = i % 3 == 2 ? Png(DarkOnWhiteRgba(grey), h, w, 4) : Png(grey, h, w);
                File.WriteAllBytes(Path.Combine(dir, shape, $"{i:D3}.png"), png);
            }
        }
    }

    /// <summary>The same picture inverted (dark ink on white paper) as opaque RGBA.</summary>
    public static byte[] DarkOnWhiteRgba(byte[] grey)
    {
        var rgba = new byte[grey.Length * 4];
        for (int i = 0; i < grey.Length; i++) { byte v = (byte)(255 - grey[i]); (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]) = (v, v, v, 255); }
        return rgba;
    }

    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Header(int w, int h, byte colorType) => [.. BigEndian(w), .. BigEndian(h), 8, colorType, 0, 0, 0];

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        return [.. BigEndian(data.Length), .. typed, .. BigEndian((int)Crc32(typed))];
    }

    private static byte[] BigEndian(int v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    /// <summary>CRC-32 (polynomial 0xEDB88320), as PNG chunks carry it.</summary>
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
