namespace CnnViz.Core.Data;

/// <summary>
/// How MNIST's digits were normalized (LeCun, Cortes &amp; Burges): "the images were size normalized to fit in a
/// 20×20 pixel box while preserving their aspect ratio … [then] centered in a 28×28 image by computing the
/// center of mass of the pixels, and translating the image so as to position this point at the center of the
/// 28×28 field." Applied to a drawing, it makes the network see the drawing as it saw its training digits.
/// <list type="number">
/// <item>Bounding box of the ink (pixels &gt; 0), w×h; scale s = 20 / max(w, h).</item>
/// <item>Resample the box to round(w·s)×round(h·s) by area averaging (each target pixel: the mean of 4×4 bilinear
/// samples over its footprint), anti-aliased like the original's.</item>
/// <item>Centre of mass (x̄, ȳ) = Σ v·(i + ½) / Σ v of the scaled image placed at the top left; shift it by
/// round(14 − x̄), round(14 − ȳ) whole pixels (clipped at the edges).</item>
/// </list>
/// An empty image (no ink) stays empty. Allocates nothing: the caller owns <c>destination</c> and <c>scratch</c>.
/// </summary>
public static class MnistCentering
{
    public const int Size = 28, Box = 20, Supersample = 4;

    /// <summary>
    /// <paramref name="destination"/> = <paramref name="source"/> (28×28, row-major) fitted into a 20×20 box and moved
    /// so that its centre of mass is the centre of the 28×28 field. <paramref name="scratch"/> holds 28×28 floats.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> source, Span<float> destination, Span<float> scratch)
    {
        if (source.Length != Size * Size || destination.Length != Size * Size || scratch.Length < Size * Size)
            throw new ArgumentException($"MnistCentering takes {Size}×{Size} images (and a scratch of as many floats).");
        destination.Clear();
        int left = Size, top = Size, right = -1, bottom = -1;
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                if (source[y * Size + x] > 0) { left = Math.Min(left, x); right = Math.Max(right, x); top = Math.Min(top, y); bottom = Math.Max(bottom, y); }
        if (right < 0) return; // no ink

        // 1–2: the ink's box scaled so that its longer side is 20 pixels, into scratch's top-left corner.
        int w = right - left + 1, h = bottom - top + 1;
        float scale = (float)Box / Math.Max(w, h);
        int sw = Math.Clamp((int)MathF.Round(w * scale), 1, Box), sh = Math.Clamp((int)MathF.Round(h * scale), 1, Box);
        Span<float> scaled = scratch[..(Size * Size)];
        scaled.Clear();
        float mass = 0, mx = 0, my = 0;
        for (int y = 0; y < sh; y++)
            for (int x = 0; x < sw; x++)
            {
                float sum = 0;
                for (int j = 0; j < Supersample; j++)
                    for (int i = 0; i < Supersample; i++)
                    {
                        // The sub-sample's position in source pixels (pixel centres at k + ½).
                        float u = left + (x + (i + 0.5f) / Supersample) * w / sw - 0.5f;
                        float v = top + (y + (j + 0.5f) / Supersample) * h / sh - 0.5f;
                        sum += Bilinear(source, u, v);
                    }
                float value = sum / (Supersample * Supersample);
                scaled[y * Size + x] = value;
                mass += value;
                mx += value * (x + 0.5f);
                my += value * (y + 0.5f);
            }
        if (mass <= 0) return;

        // 3: whole-pixel shift that puts the centre of mass at (14, 14).
        int dx = (int)MathF.Round(Size / 2f - mx / mass), dy = (int)MathF.Round(Size / 2f - my / mass);
        for (int y = 0; y < sh; y++)
        {
            int ty = y + dy;
            if ((uint)ty >= Size) continue;
            for (int x = 0; x < sw; x++)
            {
                int tx = x + dx;
                if ((uint)tx < Size) destination[ty * Size + tx] = scaled[y * Size + x];
            }
        }
    }

    /// <summary>The bilinear interpolation of <paramref name="image"/> at (u, v) in pixel-centre coordinates; 0 outside.</summary>
    private static float Bilinear(ReadOnlySpan<float> image, float u, float v)
    {
        int x0 = (int)MathF.Floor(u), y0 = (int)MathF.Floor(v);
        float fx = u - x0, fy = v - y0;
        return (1 - fx) * (1 - fy) * At(image, x0, y0) + fx * (1 - fy) * At(image, x0 + 1, y0)
             + (1 - fx) * fy * At(image, x0, y0 + 1) + fx * fy * At(image, x0 + 1, y0 + 1);
    }

    private static float At(ReadOnlySpan<float> image, int x, int y) => (uint)x < Size && (uint)y < Size ? image[y * Size + x] : 0;
}
