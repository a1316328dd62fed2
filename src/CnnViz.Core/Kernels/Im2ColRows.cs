using System.Runtime.Intrinsics;

namespace CnnViz.Core.Kernels;

/// <summary>
/// Vector versions of <see cref="Im2Col.Unfold"/> and <see cref="Im2Col.Fold"/> for a horizontal stride of 1
/// (every convolution in LeNet-5). With stride 1, each row of an im2col row is a shifted copy of one
/// image row: cols[(c, s, t), (i, j)] = x[c, i·SH + s − PH, j + t − PW]. So instead of one memmove per
/// 10 or 28 floats, a row is a few vector loads and stores.
/// <para>Rows at least one vector wide (OW ≥ lanes) use plain loads and stores only: with padding, the image is
/// first copied into a zeroed, padded per-thread scratch (C, H + 2PH, W + 2PW), so every read lies inside a row;
/// a row's last vector is moved left to end at the row's end (it rewrites a few values with the same values).
/// Fold adds into a zeroed scratch whose rows are wide enough for whole vectors, masking the lanes past OW with
/// an AND, then adds the interior to the image. AVX2 has masked loads and stores only as vmaskmov, which is
/// slow (stores especially, on AMD most). Narrower rows use masked loads and stores (lanes outside the image
/// are neither read nor written, not even a fault).</para>
/// </summary>
internal static unsafe class Im2ColRows
{
    public static bool IsSupported => Simd512.IsSupported || Simd256.IsSupported;

    private const int MaxFoldTaps = 32;   // kernel widths up to this get precomputed fold masks (on the stack)

    [ThreadStatic] private static float[]? t_scratch;   // the padded image (Unfold) or the padded sums (Fold), per thread

    public static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> cols)
    {
        fixed (float* x = image, c = cols)
        {
            // The widest vector that fits a row runs plain; AVX-512's cheap masks take only rows under 8 floats.
            if (Simd512.IsSupported && (g.OutWidth >= Simd512.Lanes || g.OutWidth < Simd256.Lanes)) Unfold<Simd512, Vector512<float>>(x, g, c);
            else Unfold<Simd256, Vector256<float>>(x, g, c);
        }
    }

    public static void Fold(ReadOnlySpan<float> cols, in ConvGeometry g, Span<float> image)
    {
        fixed (float* x = image, c = cols)
        {
            if (Simd512.IsSupported) Fold<Simd512, Vector512<float>>(c, g, x, cols.Length);
            else Fold<Simd256, Vector256<float>>(c, g, x, cols.Length);
        }
    }

    private static float[] Scratch(int length)
    {
        if (t_scratch is null || t_scratch.Length < length) t_scratch = new float[Math.Max(length, 4096)];
        return t_scratch;
    }

    /// <summary>Unfold with plain vectors (OW ≥ lanes): cols row (c, s, t), output row i = padded row i·SH + s, columns t..t+OW−1.</summary>
    private static void UnfoldPlain<TS, TV>(float* image, ConvGeometry g, float* cols) where TS : ISimd<TV> where TV : struct
    {
        int oh = g.OutHeight, ow = g.OutWidth, positions = oh * ow, lanes = TS.Lanes;
        int hp = g.Height + 2 * g.PadHeight, wp = g.Width + 2 * g.PadWidth;
        bool padded = g.PadHeight > 0 || g.PadWidth > 0;
        float[] scratch = padded ? Scratch(g.Channels * hp * wp) : [];
        fixed (float* pad = scratch)
        {
            float* src = image;
            if (padded)
            {
                new Span<float>(pad, g.Channels * hp * wp).Clear();
                for (int c = 0; c < g.Channels; c++)
                for (int y = 0; y < g.Height; y++)
                    new ReadOnlySpan<float>(image + ((nint)c * g.Height + y) * g.Width, g.Width)
                        .CopyTo(new Span<float>(pad + ((nint)c * hp + y + g.PadHeight) * wp + g.PadWidth, g.Width));
                src = pad;
            }
            float* dst = cols;
            for (int c = 0; c < g.Channels; c++)
            for (int s = 0; s < g.KernelHeight; s++)
            for (int t = 0; t < g.KernelWidth; t++, dst += positions)
                for (int i = 0; i < oh; i++)
                {
                    float* from = src + ((nint)c * hp + i * g.StrideHeight + s) * wp + t, to = dst + i * ow;
                    for (int v = 0; v < ow - lanes; v += lanes) TS.Store(to + v, TS.Load(from + v));
                    TS.Store(to + ow - lanes, TS.Load(from + ow - lanes));   // the last vector ends at the row's end
                }
        }
    }

    /// <summary>
    /// Fold with plain vectors (OW ≥ lanes): sums[c, i·SH + s, t + j] += cols[(c, s, t), (i, j)] in a zeroed scratch
    /// of padded rows (stride FW − 1 + OW rounded up to whole vectors, so no vector crosses into the next row), then
    /// image += the scratch's interior. Lanes past OW are zeroed with an AND; rows of the scratch are visited in an
    /// order (t outer, i inner) in which no load follows a store to the same row closely (that would stall).
    /// </summary>
    private static void FoldPlain<TS, TV>(float* cols, ConvGeometry g, float* image, int colsLength) where TS : ISimd<TV> where TV : struct
    {
        int oh = g.OutHeight, ow = g.OutWidth, positions = oh * ow, lanes = TS.Lanes;
        int vectors = (ow + lanes - 1) / lanes, stride = g.KernelWidth - 1 + vectors * lanes, hp = g.Height + 2 * g.PadHeight;
        float[] scratch = Scratch(g.Channels * hp * stride);
        TV lastKeep = TS.FirstLanes(ow - (vectors - 1) * lanes), all = TS.FirstLanes(lanes);
        fixed (float* sums = scratch)
        {
            new Span<float>(sums, g.Channels * hp * stride).Clear();
            float* src = cols, end = cols + colsLength;
            for (int c = 0; c < g.Channels; c++)
            for (int s = 0; s < g.KernelHeight; s++)
            for (int t = 0; t < g.KernelWidth; t++, src += positions)
                for (int i = 0; i < oh; i++)
                {
                    float* from = src + i * ow, to = sums + ((nint)c * hp + i * g.StrideHeight + s) * stride + t;
                    for (int v = 0; v < vectors; v++)
                    {
                        bool last = v == vectors - 1;
                        TV keep = last ? lastKeep : all;
                        TV value = from + (v + 1) * lanes <= end ? TS.Load(from + v * lanes) : TS.LoadMasked(from + v * lanes, keep);
                        TS.Store(to + v * lanes, TS.Add(TS.Load(to + v * lanes), TS.And(value, keep)));
                    }
                }
            // image[c, y, x] += sums[c, y + PH, x + PW]; the row's last vector is computed first and stored last,
            // from the same old values, so its overlap with the vector before it is written twice with equal sums.
            int w = g.Width;
            for (int c = 0; c < g.Channels; c++)
            for (int y = 0; y < g.Height; y++)
            {
                float* to = image + ((nint)c * g.Height + y) * w, from = sums + ((nint)c * hp + y + g.PadHeight) * stride + g.PadWidth;
                if (w < lanes)
                {
                    for (int x = 0; x < w; x++) to[x] += from[x];
                    continue;
                }
                TV tail = TS.Add(TS.Load(to + w - lanes), TS.Load(from + w - lanes));
                for (int x = 0; x < w - lanes; x += lanes) TS.Store(to + x, TS.Add(TS.Load(to + x), TS.Load(from + x)));
                TS.Store(to + w - lanes, tail);
            }
        }
    }

    private static void Unfold<TS, TV>(float* image, ConvGeometry g, float* cols) where TS : ISimd<TV> where TV : struct
    {
        if (g.OutWidth >= TS.Lanes)
        {
            UnfoldPlain<TS, TV>(image, g, cols);
            return;
        }
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
    /// Fold for rows narrower than a vector; col2im as a gather: each image row y is loaded once, receives in
    /// registers every cols row that lands on it (s with 0 ≤ y + PH − s·… in range, t = 0..FW−1, read with unaligned
    /// masked loads), and is stored once. Adding them one masked store at a time instead would re-load a row just
    /// stored one float off, which stalls.
    /// </summary>
    private static void Fold<TS, TV>(float* cols, ConvGeometry g, float* image, int colsLength) where TS : ISimd<TV> where TV : struct
    {
        if (g.OutWidth >= TS.Lanes)
        {
            FoldPlain<TS, TV>(cols, g, image, colsLength);
            return;
        }
        int oh = g.OutHeight, ow = g.OutWidth, positions = oh * ow, lanes = TS.Lanes, fw = g.KernelWidth, fh = g.KernelHeight;
        // An image row of one vector (LeNet's conv2: 14 floats): the load masks depend on t only, so they are
        // made once here (a mask built in the inner loop costs several instructions per masked load).
        bool oneVector = g.Width <= lanes && fw <= MaxFoldTaps;
        float* tapMasks = stackalloc float[oneVector ? fw * lanes : 1];
        if (oneVector)
            for (int t = 0; t < fw; t++)
                TS.Store(tapMasks + t * lanes, TS.And(TS.LaneRange(t - g.PadWidth, ow + t - g.PadWidth), TS.FirstLanes(g.Width)));
        for (int c = 0; c < g.Channels; c++)
        for (int y = 0; y < g.Height; y++)
        {
            // Output rows i with i·SH + s − PH = y for some tap row s: s = y + PH − i·SH in 0..FH−1.
            int yp = y + g.PadHeight;
            int iLo = Math.Max(0, (yp - fh + g.StrideHeight) / g.StrideHeight), iHi = Math.Min(oh - 1, yp / g.StrideHeight);
            float* dstRow = image + ((nint)c * g.Height + y) * g.Width;
            for (int v = 0; v < g.Width; v += lanes)
            {
                TV rowMask = TS.FirstLanes(Math.Min(lanes, g.Width - v));
                // Four partial sums (by the parity of t and of i): one chain of dependent adds would wait on each add.
                TV sum0 = TS.LoadMasked(dstRow + v, rowMask), sum1 = TS.Zero, sum2 = TS.Zero, sum3 = TS.Zero;
                for (int i = iLo; i <= iHi; i++)
                {
                    int s = yp - i * g.StrideHeight;
                    float* taps = cols + (nint)(c * fh + s) * fw * positions + i * ow + v;   // row (c, s, t = 0), output row i
                    for (int t = 0; t < fw; t++)
                    {
                        // Image column xx = v + lane came from cols column j = xx − shift, if 0 ≤ j < OW.
                        int shift = t - g.PadWidth;
                        TV mask = oneVector ? TS.Load(tapMasks + t * lanes) : TS.And(TS.LaneRange(shift - v, ow + shift - v), rowMask);
                        TV value = TS.LoadMasked(taps + (nint)t * positions - shift, mask);
                        switch ((t & 1) | ((i & 1) << 1))
                        {
                            case 0: sum0 = TS.Add(sum0, value); break;
                            case 1: sum1 = TS.Add(sum1, value); break;
                            case 2: sum2 = TS.Add(sum2, value); break;
                            default: sum3 = TS.Add(sum3, value); break;
                        }
                    }
                }
                TS.StoreMasked(dstRow + v, TS.Add(TS.Add(sum0, sum1), TS.Add(sum2, sum3)), rowMask);
            }
        }
    }
}
