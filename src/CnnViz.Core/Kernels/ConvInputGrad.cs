using System.Runtime.CompilerServices;

namespace CnnViz.Core.Kernels;

/// <summary>
/// A convolution's input gradient for one sample computed directly (a transposed convolution), for stride 1 on
/// both axes, instead of dcols = Wᵀ·dY followed by col2im:
/// <code>
/// dx[c, y, x] = Σ_m Σ_s Σ_t w[m, c, s, t] · dY[m, y + PH − s, x + PW − t]     (terms outside dY are 0)
/// </code>
/// dY (M, OH, OW) is first copied into a per-thread scratch with a border of zeros, dYp (M, H + FH − 1, S), where
/// dYp[m, i + FH − 1 − PH, j + FW − 1 − PW] = dY[m, i, j]; then dx[c, y, x] = Σ w[m,c,s,t] · dYp[m, y + FH−1−s, x + FW−1−t]
/// with every index in range, and S = max(W, lanes) + FW − 1 is wide enough that a whole vector loaded at any tap
/// stays inside its row: every load is a plain one (AVX2's vmaskmov is slow, on AMD especially).
/// <para>A channel's dx plane is cut into "segments", one vector each: row y, columns x..x+lanes−1, where a row's last
/// vector is moved left to end at the row's end (it recomputes a few values, bit for bit the same, instead of
/// masking). A register tile is TC channels × TQ consecutive segments; for each (m, s, t) it loads TQ shifted dY
/// vectors, broadcasts TC weights and does TC·TQ FMAs. Rows narrower than a vector (W &lt; lanes) store under a mask.
/// Taps s whose dY rows are all border for the whole tile are skipped (LeNet-5's conv2 has no padding: 20 of
/// its 70 (y, s) pairs read border rows only).</para>
/// dx is overwritten, not accumulated. The scalar fallback uses Wᵀ·dY + col2im (<see cref="Supports"/> is false).
/// </summary>
internal static unsafe class ConvInputGrad
{
    public static bool Supports(in ConvGeometry g) => g.StrideHeight == 1 && g.StrideWidth == 1 && Simd.IsVectorized;

    /// <summary>
    /// Tile: channels × segments, 6 × 2 on both widths (12 accumulators + 2 loaded vectors + 1 broadcast = 15 registers,
    /// which AVX2's 16 hold). Measured on LeNet-5's conv2 (AMD EPYC Zen 5, per-sample minimum, µs; Wᵀ·dY + col2im 5.5
    /// AVX-512, 8.1 AVX2): AVX-512 6×2 3.67, 6×4 4.6, 3×3 4.7, 6×1 4.8, 3×4 4.9, 4×2 5.2, 2×2 6.9; AVX2 6×2 6.3, 2×4 7.6,
    /// 3×3 7.7, 4×2 9.1, 6×4 10.2 (spills), 3×4 14.7. Both run at 86–94% of the FMA peak (8.2 G vector FMAs/s), so
    /// what decides is how many FMAs a tile wastes: taller tiles read more border rows of dYp (6 × 4 on 14 rows computes
    /// 72 (row, s) pairs where 6 × 2 computes 54 and the formula needs 50), and fewer than 8 accumulators wait on FMA latency.
    /// </summary>
    private static readonly (int Channels, int Segments) DefaultTile = (6, 2);

    [ThreadStatic] private static float[]? t_padded;                  // dYp (M, H + FH − 1, S) of the last call on this thread
    [ThreadStatic] private static (ConvGeometry, int) t_layout;       // the (geometry, filters) whose border t_padded holds zeros

    /// <summary>
    /// dx (C, H, W) from w (M, C, FH, FW) and dY (M, OH, OW) of one sample; requires <see cref="Supports"/>.
    /// <paramref name="tile"/> (channels 1..6 × segments 1..4) replaces this width's tile (tests run every shape);
    /// the sums are the same, in the same order, with any tile.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> weights, ReadOnlySpan<float> outputGrad, in ConvGeometry g, int filters, Span<float> inputGrad,
        (int Channels, int Segments)? tile = null)
    {
        if (!Supports(g)) throw new ArgumentException("stride 1 and SIMD only", nameof(g));
        if (inputGrad.Length < g.InputSize || outputGrad.Length < filters * g.OutputPositions || weights.Length < filters * g.PatchSize)
            throw new ArgumentException("a span is shorter than the geometry says");
        int stride = Math.Max(g.Width, Simd.Lanes) + g.KernelWidth - 1, length = filters * (g.Height + g.KernelHeight - 1) * stride;
        if (t_padded is null || t_padded.Length < length) { t_padded = new float[Math.Max(length, 4096)]; t_layout = (g, filters); }
        else if (t_layout != (g, filters)) { Array.Clear(t_padded, 0, length); t_layout = (g, filters); }
        // The same layout writes the same interior cells every call, so the border stays zero without clearing it.
        fixed (float* w = weights, dy = outputGrad, dx = inputGrad, pad = t_padded)
        {
            var kernel = new Kernel { W = w, Dy = dy, Dx = dx, Pad = pad, G = g, Filters = filters, Stride = stride, Tile = tile ?? DefaultTile };
            Simd.Run(ref kernel);
        }
    }

    private struct Kernel : IWidthGeneric
    {
        public float* W, Dy, Dx, Pad;
        public ConvGeometry G;
        public int Filters, Stride;
        public (int Channels, int Segments) Tile;

        public void Run<TS, TV>() where TS : ISimd<TV> where TV : struct
        {
            CopyIntoBorder(Dy, Pad, G, Filters, Stride);
            var (channels, segments) = Tile;
            int vectors = G.Width >= TS.Lanes ? (G.Width + TS.Lanes - 1) / TS.Lanes : 1;
            channels = Math.Clamp(channels, 1, Math.Min(6, G.Channels));
            segments = Math.Clamp(segments, 1, Math.Min(4, G.Height * vectors));
            switch (channels)
            {
                case 1: BySegments<TS, TV, One>(segments); break;
                case 2: BySegments<TS, TV, Two>(segments); break;
                case 3: BySegments<TS, TV, Three>(segments); break;
                case 4: BySegments<TS, TV, Four>(segments); break;
                case 5: BySegments<TS, TV, Five>(segments); break;
                default: BySegments<TS, TV, Six>(segments); break;
            }
        }

        private readonly void BySegments<TS, TV, TC>(int segments) where TS : ISimd<TV> where TV : struct where TC : ICount
        {
            switch (segments)
            {
                case 1: Planes<TS, TV, TC, One>(); break;
                case 2: Planes<TS, TV, TC, Two>(); break;
                case 3: Planes<TS, TV, TC, Three>(); break;
                default: Planes<TS, TV, TC, Four>(); break;
            }
        }

        /// <summary>Every tile of dx; the last tile of channels and of segments is moved back to end at the end (overlapping, same values).</summary>
        private readonly void Planes<TS, TV, TC, TQ>() where TS : ISimd<TV> where TV : struct where TC : ICount where TQ : ICount
        {
            ConvGeometry g = G;
            int lanes = TS.Lanes, h = g.Height, width = g.Width, fh = g.KernelHeight, fw = g.KernelWidth;
            bool narrow = width < lanes;
            int vectors = narrow ? 1 : (width + lanes - 1) / lanes, segments = h * vectors;
            int top = Math.Max(0, fh - 1 - g.PadHeight), bottom = Math.Min(h + fh - 1, fh - 1 - g.PadHeight + g.OutHeight);   // dYp rows holding dY
            TV mask = TS.FirstLanes(narrow ? width : lanes);
            var tile = new TileArgs
            {
                Filters = Filters, Fh = fh, Fw = fw, Stride = Stride, Plane = (nint)(h + fh - 1) * Stride,
                WChannel = fh * fw, WFilter = (nint)g.Channels * fh * fw, DxChannel = (nint)h * width, Narrow = narrow,
            };
            for (int c = 0; c < g.Channels; c += TC.Value)
            {
                int c0 = Math.Min(c, g.Channels - TC.Value);
                for (int k = 0; k < segments; k += TQ.Value)
                {
                    int k0 = Math.Min(k, segments - TQ.Value);
                    // Segment k: row k / vectors, column min(v·lanes, W − lanes) for v = k mod vectors.
                    nint o0 = Offset(k0, vectors, lanes, width, Stride, out nint d0), o1 = Offset(k0 + 1, vectors, lanes, width, Stride, out nint d1);
                    nint o2 = Offset(k0 + 2, vectors, lanes, width, Stride, out nint d2), o3 = Offset(k0 + 3, vectors, lanes, width, Stride, out nint d3);
                    int r0 = k0 / vectors, r1 = (k0 + TQ.Value - 1) / vectors;   // the tile's first and last dx rows
                    // Row y reads dYp row y + FH − 1 − s: keep the s for which some row of the tile lands in [top, bottom).
                    int sLo = Math.Max(0, r0 + fh - bottom), sHi = Math.Min(fh - 1, r1 + fh - 1 - top);
                    Tile<TS, TV, TC, TQ>(tile, W + (nint)c0 * fh * fw, Pad, sLo, sHi, o0, o1, o2, o3, Dx + c0 * tile.DxChannel, d0, d1, d2, d3, mask);
                }
            }
        }

        /// <summary>Where segment k starts in a dYp plane (before the tap shift) and, in <paramref name="dxAt"/>, in a dx plane.</summary>
        private static nint Offset(int k, int vectors, int lanes, int width, int stride, out nint dxAt)
        {
            int row = k / vectors, x = Math.Max(0, Math.Min(k % vectors * lanes, width - lanes));
            dxAt = (nint)row * width + x;
            return (nint)row * stride + x;
        }
    }

    private struct TileArgs
    {
        public int Filters, Fh, Fw, Stride;
        public nint Plane, WChannel, WFilter, DxChannel;
        public bool Narrow;
    }

    /// <summary>
    /// One tile: TC channels (weights w + c·FH·FW) × TQ segments (dYp offsets o·, dx offsets d·), summed over
    /// m, s ∈ [sLo, sHi], t; then stored (under <paramref name="mask"/> when rows are narrower than a vector).
    /// </summary>
    private static void Tile<TS, TV, TC, TQ>(in TileArgs a, float* w, float* pad, int sLo, int sHi,
        nint o0, nint o1, nint o2, nint o3, float* dx, nint d0, nint d1, nint d2, nint d3, TV mask)
        where TS : ISimd<TV> where TV : struct where TC : ICount where TQ : ICount
    {
        int ch = TC.Value, q = TQ.Value, fh = a.Fh, fw = a.Fw;
        nint wc = a.WChannel;
        TV a00 = TS.Zero, a01 = TS.Zero, a02 = TS.Zero, a03 = TS.Zero;   // channel 0, segments 0..3
        TV a10 = TS.Zero, a11 = TS.Zero, a12 = TS.Zero, a13 = TS.Zero;
        TV a20 = TS.Zero, a21 = TS.Zero, a22 = TS.Zero, a23 = TS.Zero;
        TV a30 = TS.Zero, a31 = TS.Zero, a32 = TS.Zero, a33 = TS.Zero;
        TV a40 = TS.Zero, a41 = TS.Zero, a42 = TS.Zero, a43 = TS.Zero;
        TV a50 = TS.Zero, a51 = TS.Zero, a52 = TS.Zero, a53 = TS.Zero;
        for (int m = 0; m < a.Filters; m++, w += a.WFilter, pad += a.Plane)
        for (int s = sLo; s <= sHi; s++)
        {
            float* ws = w + s * fw + fw - 1, row = pad + (nint)(fh - 1 - s) * a.Stride;   // t = FW − 1 − u: weight ws − u, dYp column + u
            for (int u = 0; u < fw; u++)
            {
                float* p = row + u, wt = ws - u;
                TV y0 = TS.Load(p + o0);
                TV y1 = q > 1 ? TS.Load(p + o1) : TS.Zero;
                TV y2 = q > 2 ? TS.Load(p + o2) : TS.Zero;
                TV y3 = q > 3 ? TS.Load(p + o3) : TS.Zero;
                Fma<TS, TV, TQ>(TS.Broadcast(wt[0]), y0, y1, y2, y3, ref a00, ref a01, ref a02, ref a03);
                if (ch > 1) Fma<TS, TV, TQ>(TS.Broadcast(wt[wc]), y0, y1, y2, y3, ref a10, ref a11, ref a12, ref a13);
                if (ch > 2) Fma<TS, TV, TQ>(TS.Broadcast(wt[2 * wc]), y0, y1, y2, y3, ref a20, ref a21, ref a22, ref a23);
                if (ch > 3) Fma<TS, TV, TQ>(TS.Broadcast(wt[3 * wc]), y0, y1, y2, y3, ref a30, ref a31, ref a32, ref a33);
                if (ch > 4) Fma<TS, TV, TQ>(TS.Broadcast(wt[4 * wc]), y0, y1, y2, y3, ref a40, ref a41, ref a42, ref a43);
                if (ch > 5) Fma<TS, TV, TQ>(TS.Broadcast(wt[5 * wc]), y0, y1, y2, y3, ref a50, ref a51, ref a52, ref a53);
            }
        }
        bool narrow = a.Narrow;
        nint dc = a.DxChannel;
        StoreChannel<TS, TV, TQ>(dx, d0, d1, d2, d3, a00, a01, a02, a03, mask, narrow);
        if (ch > 1) StoreChannel<TS, TV, TQ>(dx + dc, d0, d1, d2, d3, a10, a11, a12, a13, mask, narrow);
        if (ch > 2) StoreChannel<TS, TV, TQ>(dx + 2 * dc, d0, d1, d2, d3, a20, a21, a22, a23, mask, narrow);
        if (ch > 3) StoreChannel<TS, TV, TQ>(dx + 3 * dc, d0, d1, d2, d3, a30, a31, a32, a33, mask, narrow);
        if (ch > 4) StoreChannel<TS, TV, TQ>(dx + 4 * dc, d0, d1, d2, d3, a40, a41, a42, a43, mask, narrow);
        if (ch > 5) StoreChannel<TS, TV, TQ>(dx + 5 * dc, d0, d1, d2, d3, a50, a51, a52, a53, mask, narrow);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma<TS, TV, TQ>(TV weight, TV y0, TV y1, TV y2, TV y3, ref TV s0, ref TV s1, ref TV s2, ref TV s3)
        where TS : ISimd<TV> where TV : struct where TQ : ICount
    {
        s0 = TS.MultiplyAdd(weight, y0, s0);
        if (TQ.Value > 1) s1 = TS.MultiplyAdd(weight, y1, s1);
        if (TQ.Value > 2) s2 = TS.MultiplyAdd(weight, y2, s2);
        if (TQ.Value > 3) s3 = TS.MultiplyAdd(weight, y3, s3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreChannel<TS, TV, TQ>(float* dx, nint d0, nint d1, nint d2, nint d3, TV v0, TV v1, TV v2, TV v3, TV mask, bool narrow)
        where TS : ISimd<TV> where TV : struct where TQ : ICount
    {
        Simd.Store<TS, TV>(dx + d0, v0, mask, narrow);
        if (TQ.Value > 1) Simd.Store<TS, TV>(dx + d1, v1, mask, narrow);
        if (TQ.Value > 2) Simd.Store<TS, TV>(dx + d2, v2, mask, narrow);
        if (TQ.Value > 3) Simd.Store<TS, TV>(dx + d3, v3, mask, narrow);
    }

    /// <summary>dYp[m, i + FH − 1 − PH, j + FW − 1 − PW] = dY[m, i, j] for the cells inside dYp (the rest of dYp, its border, is zero).</summary>
    private static void CopyIntoBorder(float* dy, float* pad, in ConvGeometry g, int filters, int stride)
    {
        int oh = g.OutHeight, ow = g.OutWidth, rowShift = g.KernelHeight - 1 - g.PadHeight, colShift = g.KernelWidth - 1 - g.PadWidth;
        int rows = g.Height + g.KernelHeight - 1, cols = g.Width + g.KernelWidth - 1;   // dx reads columns 0..W+FW−2 only
        int i0 = Math.Max(0, -rowShift), i1 = Math.Min(oh, rows - rowShift), j0 = Math.Max(0, -colShift), j1 = Math.Min(ow, cols - colShift);
        if (j1 <= j0) return;
        for (int m = 0; m < filters; m++)
        for (int i = i0; i < i1; i++)
            new ReadOnlySpan<float>(dy + ((nint)m * oh + i) * ow + j0, j1 - j0)
                .CopyTo(new Span<float>(pad + ((nint)m * rows + i + rowShift) * stride + j0 + colShift, j1 - j0));
    }
}
