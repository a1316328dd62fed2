using System.Runtime.Intrinsics;

namespace CnnViz.Core.Kernels;

/// <summary>
/// Vector versions of <see cref="Im2Col.Unfold"/> and <see cref="Im2Col.Fold"/> for a horizontal stride of 1
/// (every convolution in LeNet-5). With stride 1, each row of an im2col row is a shifted copy of one
/// image row: cols[(c, s, t), (i, j)] = x[c, i·SH + s − PH, j + t − PW]. So instead of one memmove per
/// 10 or 28 floats, a row is one or two masked vector loads and stores: the mask keeps the lanes whose
/// source lies inside the image (the others are the zero padding) and never touches memory outside it
/// (masked-off lanes are not read or written, not even a fault).
/// </summary>
internal static unsafe class Im2ColRows
{
    public static bool IsSupported => Simd512.IsSupported || Simd256.IsSupported;

    public static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> cols)
    {
        fixed (float* x = image, c = cols)
        {
            if (Simd512.IsSupported) Unfold<Simd512, Vector512<float>>(x, g, c);
            else Unfold<Simd256, Vector256<float>>(x, g, c);
        }
    }

    public static void Fold(ReadOnlySpan<float> cols, in ConvGeometry g, Span<float> image)
    {
        fixed (float* x = image, c = cols)
        {
            if (Simd512.IsSupported) Fold<Simd512, Vector512<float>>(c, g, x);
            else Fold<Simd256, Vector256<float>>(c, g, x);
        }
    }

    private static void Unfold<TS, TV>(float* image, ConvGeometry g, float* cols) where TS : ISimd<TV> where TV : struct
    {
        int oh = g.OutHeight, ow = g.OutWidth, positions = oh * ow, lanes = TS.Lanes;
        float* dst = cols;
        for (int c = 0; c < g.Channels; c++)
        for (int s = 0; s < g.KernelHeight; s++)
        for (int t = 0; t < g.KernelWidth; t++, dst += positions)
        {
            int shift = t - g.PadWidth;                         // cols column j reads image column j + shift
            int j0 = Math.Max(0, -shift), j1 = Math.Min(ow, g.Width - shift);
            for (int v = 0; v < ow; v += lanes)                 // masks depend on (t, v) only: hoisted out of the row loop
            {
                TV store = TS.FirstLanes(Math.Min(lanes, ow - v));
                TV load = TS.LaneRange(j0 - v, j1 - v);
                for (int i = 0; i < oh; i++)
                {
                    int y = i * g.StrideHeight + s - g.PadHeight;   // image row read by output row i
                    bool inside = y >= 0 && y < g.Height && j0 < j1;
                    float* srcRow = image + ((nint)c * g.Height + y) * g.Width + shift;
                    TV values = inside ? TS.LoadMasked(srcRow + v, load) : TS.Zero;
                    TS.StoreMasked(dst + i * ow + v, values, store);
                }
            }
        }
    }

    /// <summary>
    /// col2im as a gather: each image row y is loaded once, receives the FW shifted cols rows that land on it
    /// (t = 0..FW−1, read with unaligned masked loads) in registers, and is stored once. Adding them one
    /// masked store at a time instead would re-load a row just stored one float off, which stalls.
    /// </summary>
    private static void Fold<TS, TV>(float* cols, ConvGeometry g, float* image) where TS : ISimd<TV> where TV : struct
    {
        int oh = g.OutHeight, ow = g.OutWidth, positions = oh * ow, lanes = TS.Lanes, fw = g.KernelWidth;
        for (int c = 0; c < g.Channels; c++)
        for (int s = 0; s < g.KernelHeight; s++)
        {
            float* taps = cols + (nint)(c * g.KernelHeight + s) * fw * positions;   // rows (c, s, t = 0..FW−1)
            for (int i = 0; i < oh; i++)
            {
                int y = i * g.StrideHeight + s - g.PadHeight;
                if (y < 0 || y >= g.Height) continue;              // this output row read zero padding
                float* dstRow = image + ((nint)c * g.Height + y) * g.Width;
                for (int v = 0; v < g.Width; v += lanes)
                {
                    TV rowMask = TS.FirstLanes(Math.Min(lanes, g.Width - v));
                    TV sum = TS.LoadMasked(dstRow + v, rowMask);
                    for (int t = 0; t < fw; t++)
                    {
                        // Image column xx = v + lane came from cols column j = xx − shift, if 0 ≤ j < OW.
                        int shift = t - g.PadWidth;
                        TV mask = TS.And(TS.LaneRange(shift - v, ow + shift - v), rowMask);
                        sum = TS.Add(sum, TS.LoadMasked(taps + (nint)t * positions + i * ow + v - shift, mask));
                    }
                    TS.StoreMasked(dstRow + v, sum, rowMask);
                }
            }
        }
    }
}
