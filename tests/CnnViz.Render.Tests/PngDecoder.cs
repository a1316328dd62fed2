using System.Buffers.Binary;
using System.IO.Compression;

namespace CnnViz.Render.Tests;

internal static class PngDecoder
{
    /// <summary>
    /// A minimal independent PNG reader for 8-bit RGB: checks the signature, reads IHDR, inflates the IDAT
    /// stream and undoes the per-row filters (PNG spec §9), so the test sees the pixels that were written.
    /// </summary>
    public static (int W, int H, byte[] Rgb) DecodeRgb(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int w = 0, h = 0;
        var idat = new MemoryStream();
        for (int p = 8; p < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(p));
            string type = System.Text.Encoding.ASCII.GetString(png, p + 4, 4);
            var data = png.AsSpan(p + 8, length);
            if (type == "IHDR")
            {
                w = BinaryPrimitives.ReadInt32BigEndian(data);
                h = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);  // bit depth
                Assert.Equal(2, data[9]);  // color type RGB
            }
            if (type == "IDAT") idat.Write(data);
            p += 12 + length;
        }
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        byte[] f = raw.ToArray();
        int stride = w * 3;
        var rgb = new byte[h * stride];
        for (int y = 0; y < h; y++)
        {
            int filter = f[y * (stride + 1)];
            for (int x = 0; x < stride; x++)
            {
                int a = x >= 3 ? rgb[y * stride + x - 3] : 0;
                int b = y > 0 ? rgb[(y - 1) * stride + x] : 0;
                int c = x >= 3 && y > 0 ? rgb[(y - 1) * stride + x - 3] : 0;
                int pa = Math.Abs(b - c), pb = Math.Abs(a - c), pc = Math.Abs(a + b - 2 * c);
                int predictor = filter switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c,
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                rgb[y * stride + x] = (byte)(f[y * (stride + 1) + 1 + x] + predictor);
            }
        }
        return (w, h, rgb);
    }
}
