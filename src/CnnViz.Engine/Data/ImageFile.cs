using StbImageSharp;

namespace CnnViz.Engine.Data;

/// <summary>An image file that cannot be used; the message names the file and why.</summary>
public sealed class ImageFileException(string path, string problem) : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}

/// <summary>
/// Any image file (PNG, JPEG, BMP, GIF, TGA, PSD, HDR, PIC: what StbImageSharp decodes) as an H×W grayscale
/// image in the form the models train on. The rule, in order:
/// <list type="number">
/// <item>The header is read first: more than <see cref="MaxPixels"/> pixels is refused before anything is decoded.</item>
/// <item>Grayscale: stb's luma (77·R + 150·G + 29·B) / 256, composited over black by its alpha (transparent = background).</item>
/// <item>Light on dark, like MNIST: if the 1-pixel border averages brighter than mid-grey, the image is inverted
/// (a dark digit on white paper becomes a white digit on black).</item>
/// <item>Resized keeping the aspect ratio: the longer side becomes H (or W), centred, the rest black; each output
/// pixel is the mean of the source pixels its box covers (the nearest one when enlarging).</item>
/// </list>
/// </summary>
public static class ImageFile
{
    /// <summary>Larger images are refused from their header alone (16.7 M pixels = 4096×4096, 33 MB decoded as grey + alpha).</summary>
    public const long MaxPixels = 4096L * 4096;

    /// <summary>Files larger than this are refused without reading them.</summary>
    public const long MaxFileBytes = 64L << 20;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The image as <paramref name="height"/>×<paramref name="width"/> bytes, row-major, 0 = black.</summary>
    /// <exception cref="ImageFileException">Unreadable, not an image, too large, truncated or corrupt.</exception>
    public static byte[] Load(string path, int height, int width)
    {
        byte[] bytes;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > MaxFileBytes) throw new ImageFileException(path, $"{length:N0} bytes, over the {MaxFileBytes >> 20} MB limit for an image file.");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ImageFileException(path, $"cannot read it: {e.Message}"); }
        // stb refuses some huge headers itself (and then says only "not an image"): read a PNG's IHDR size first.
        var (width0, height0) = bytes.Length >= 24 && bytes.AsSpan(0, 8).SequenceEqual(PngSignature)
            ? (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)))
            : ImageInfo.FromStream(new MemoryStream(bytes)) is { } info ? (info.Width, info.Height) : (0, 0);
        if ((long)width0 * height0 > MaxPixels)
            throw new ImageFileException(path, $"its header claims {width0}×{height0} pixels, over the limit of {MaxPixels:N0} (4096×4096); nothing was decoded.");
        if (width0 < 1 || height0 < 1 || ImageInfo.FromStream(new MemoryStream(bytes)) is not { } header)
            throw new ImageFileException(path, "not an image (PNG, JPEG, BMP, GIF, TGA, PSD, HDR or PIC).");
        ImageResult image;
        try { image = ImageResult.FromMemory(bytes, ColorComponents.GreyAlpha); }
        catch (Exception e) { throw new ImageFileException(path, $"cannot decode it (truncated or corrupt: {e.Message})."); }
        if (image.Width != header.Width || image.Height != header.Height || image.Data.Length < 2L * image.Width * image.Height)
            throw new ImageFileException(path, "cannot decode it (truncated or corrupt).");
        return Resize(Grey(image), image.Height, image.Width, height, width);
    }

    /// <summary>Grey composited over black by alpha, inverted when the border is light (rules 2 and 3).</summary>
    private static byte[] Grey(ImageResult image)
    {
        int w = image.Width, h = image.Height;
        var grey = new byte[w * h];
        for (int i = 0; i < grey.Length; i++) grey[i] = (byte)((image.Data[2 * i] * image.Data[2 * i + 1] + 127) / 255);
        long border = 0, count = 0;
        for (int x = 0; x < w; x++) { border += grey[x] + grey[(h - 1) * w + x]; count += 2; }
        for (int y = 0; y < h; y++) { border += grey[y * w] + grey[y * w + w - 1]; count += 2; }
        if (border > 127 * count)
            for (int i = 0; i < grey.Length; i++) grey[i] = (byte)(255 - grey[i]);
        return grey;
    }

    /// <summary>Rule 4: aspect-preserving box-filter resize of src (h, w) into a black (outH, outW) canvas, centred.</summary>
    internal static byte[] Resize(byte[] src, int h, int w, int outH, int outW)
    {
        double scale = Math.Max((double)h / outH, (double)w / outW);      // source pixels per output pixel
        int ch = Math.Clamp((int)Math.Round(h / scale), 1, outH), cw = Math.Clamp((int)Math.Round(w / scale), 1, outW);
        int top = (outH - ch) / 2, left = (outW - cw) / 2;
        var dst = new byte[outH * outW];
        for (int oy = 0; oy < ch; oy++)
        {
            int y0 = (int)((long)oy * h / ch), y1 = Math.Max(y0 + 1, (int)((long)(oy + 1) * h / ch));
            for (int ox = 0; ox < cw; ox++)
            {
                int x0 = (int)((long)ox * w / cw), x1 = Math.Max(x0 + 1, (int)((long)(ox + 1) * w / cw));
                long sum = 0;
                for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++) sum += src[y * w + x];
                int n = (y1 - y0) * (x1 - x0);
                dst[(top + oy) * outW + left + ox] = (byte)((sum + n / 2) / n);
            }
        }
        return dst;
    }
}
