namespace CnnViz.Core.Kernels;

/// <summary>
/// Direct ("implicit GEMM") convolution, stride width 1, on one sample's padded rows (<see cref="PaddedRows"/>):
/// no im2col matrix is written. Forward, per sample:
/// <code>
/// y[m, i, j] = b[m] + Σ_c Σ_s Σ_t w[m,c,s,t] · xp[c, i·SH + s, j + t]            y (M, OH, OW)
/// </code>
/// vectorised along j: the V = ⌈OW / lanes⌉ vectors of a row are V loads of xp's row i·SH + s at column t.
/// Weight gradient, summed over a group of samples:
/// <code>
/// dW[m,c,s,t] += Σ_n Σ_i Σ_j dY[n,m,i,j] · xp[n, c, i·SH + s, j + t]               dW (M, C·FH·FW)
/// </code>
/// dot products over the output rows, vectorised along j (dY's lanes past OW are zeros of dyp).
/// <para>Blocking (register tiles in <see cref="DirectConvTiles"/>). Forward: F filters × Q vectors, where the Q vectors
/// are R = Q / V output rows × V vectors; each tap loads Q vectors for F·Q FMAs. AVX-512 (32 registers): 6 filters ×
/// 4 vectors (24 sums + 4 loads; the weights are broadcast from memory), i.e. 6 × 4 rows for conv2 (OW = 10, V = 1)
/// and 6 × 2 rows × 2 vectors for conv1 (OW = 28). AVX2 (16 registers, no broadcast from memory): 2 × 4 (8 sums +
/// 4 loads + 1 broadcast; 3 × 4 needs 17 and spilled: conv1 5.7 µs per sample against 4.5).
/// A row that is not a whole number of vectors ends with its last vector shifted left to end at OW: it recomputes
/// a few outputs bit for bit (same taps, same order), so plain stores are safe; rows shorter than a vector are
/// stored masked (cheap on AVX-512; on AVX2 only for OW &lt; 8, which LeNet-5 does not have).
/// dW: F filters × T taps, 6 × 4 on AVX-512 (24 sums + 10 loads), 3 × 3 on AVX2 (9 + 6).</para>
/// </summary>
internal static unsafe class DirectConv
{
    /// <summary>Vectors per forward tile (rows × vectors per row); so a row may span at most this many vectors.</summary>
    private const int TileVectors = 4;

    /// <summary>Whether the kernels handle this convolution: stride width 1, an output row of at most 4 vectors, and SIMD.</summary>
    public static bool CanRun(ConvGeometry g) => Simd.IsVectorized && g.StrideWidth == 1 && g.OutWidth <= TileVectors * Simd.Lanes;

    /// <summary>
    /// Whether <see cref="Layers.Conv2d"/> should use them: where they can run, with AVX-512. With AVX2 (measured with
    /// DOTNET_EnableAVX512=0 on the Zen 5, batch 64, µs per sample, im2col → direct) the forward lost (conv1 3.4 → 4.5,
    /// conv2 6.7 → 7.5: 8-float rows of 10 or 28 outputs waste lanes, and 16 registers allow only 2 × 4 tiles), and
    /// so did conv2's dW (4.5 → 8.3), so AVX2 keeps im2col.
    /// </summary>
    public static bool Supports(ConvGeometry g) => CanRun(g) && Simd.Lanes == 16;

    /// <summary>
    /// Whether Conv2d should run only dW here, with an im2col forward (which then keeps no columns) and the input
    /// padded again per group in backward: with AVX2, where the forward lost but dW won (conv1, batch 64, µs per
    /// sample: 4.1 → 3.3; batch 256, where the columns are not kept: 6.1 → 3.3; its forward 3.7 → 3.6, no columns to write).
    /// </summary>
    public static bool SupportsGradAlone(ConvGeometry g) => CanRun(g) && Simd.Lanes == 8;

    /// <summary>The padded layout for this CPU's vector width.</summary>
    public static PaddedRows Layout(ConvGeometry g) => new(g, Simd.Lanes);

    private static int ForwardFilters(int lanes) => lanes == 16 ? 6 : 2;
    private static int GradFilters(int lanes) => lanes == 16 ? 6 : lanes == 8 ? 3 : 2;
    private static int GradTaps(int lanes) => lanes == 16 ? 4 : lanes == 8 ? 3 : 2;

    /// <summary>y (M, OH, OW) = W (M, C·FH·FW) ⊛ xp + b for one sample; xp as <paramref name="layout"/> lays it out.</summary>
    public static void Forward(ReadOnlySpan<float> w, ReadOnlySpan<float> bias, ReadOnlySpan<float> xp, PaddedRows layout, int filters, Span<float> y)
    {
        var g = layout.Geometry;
        Check(layout, w, filters * g.PatchSize, "W");
        Check(layout, bias, filters, "b");
        Check(layout, xp, layout.InputSize, "xp");
        Check(layout, y, filters * g.OutputPositions, "y");
        fixed (float* pw = w, pb = bias, px = xp, py = y)
        {
            var job = new ForwardJob { W = pw, Bias = pb, X = px, Y = py, L = layout, Filters = filters };
            Simd.Run(ref job);
        }
    }

    /// <summary>
    /// dW (M, C·FH·FW) += Σ_n dyp_n ⊛ xp_n over <paramref name="batch"/> samples stored one after another
    /// (dyp (N, M, OH, V·lanes), xp (N, C, H + 2·PH, S)).
    /// </summary>
    public static void AddWeightGrad(ReadOnlySpan<float> dyp, ReadOnlySpan<float> xp, int batch, PaddedRows layout, int filters, Span<float> dW)
    {
        Check(layout, dyp, batch * layout.GradSize(filters), "dyp");
        Check(layout, xp, batch * layout.InputSize, "xp");
        Check(layout, dW, filters * layout.Geometry.PatchSize, "dW");
        fixed (float* pd = dyp, px = xp, pw = dW)
        {
            var job = new GradJob { Dy = pd, X = px, DW = pw, L = layout, Filters = filters, Batch = batch };
            Simd.Run(ref job);
        }
    }

    private static void Check(PaddedRows layout, ReadOnlySpan<float> span, int needed, string name)
    {
        if (layout.Lanes != Simd.Lanes) throw new ArgumentException($"The layout is for {layout.Lanes} lanes; this CPU's kernels use {Simd.Lanes}.");
        if (span.Length < needed) throw new ArgumentException($"{name} holds {span.Length} floats, needs {needed}.", name);
    }

    private struct ForwardJob : IWidthGeneric
    {
        public float* W, Bias, X, Y;
        public PaddedRows L;
        public int Filters;

        public void Run<TS, TV>() where TS : ISimd<TV> where TV : struct
        {
            var g = L.Geometry;
            int lanes = TS.Lanes, ow = g.OutWidth, vectors = L.Vectors, k = g.PatchSize, block = ForwardFilters(lanes);
            int rowBlock = TileVectors / vectors;
            bool masked = ow < lanes;
            TV mask = TS.FirstLanes(Math.Min(ow, lanes));
            Span<nint> xo = stackalloc nint[TileVectors], yo = stackalloc nint[TileVectors];
            for (int m0 = 0; m0 < Filters; m0 += block)
                for (int i0 = 0; i0 < g.OutHeight; i0 += rowBlock)
                {
                    int rows = Math.Min(rowBlock, g.OutHeight - i0), q = rows * vectors;
                    for (int v = 0; v < q; v++)
                    {
                        int r = v / vectors, col = masked ? 0 : Math.Min(v % vectors * lanes, ow - lanes);   // the last vector ends at OW
                        xo[v] = r * g.StrideHeight * L.Stride + col;
                        yo[v] = r * ow + col;
                    }
                    var tile = new Tile<TS, TV>
                    {
                        W = W + m0 * k, K = k, Bias = Bias + m0, X = X + i0 * g.StrideHeight * L.Stride, Xo = xo, L = L,
                        Y = Y + m0 * g.OutputPositions + i0 * ow, Yo = yo, Ldy = g.OutputPositions, Mask = mask, Masked = masked,
                    };
                    switch (Math.Min(block, Filters - m0))
                    {
                        case 1: tile.Run<One>(q); break;
                        case 2: tile.Run<Two>(q); break;
                        case 3: tile.Run<Three>(q); break;
                        case 4: tile.Run<Four>(q); break;
                        case 5: tile.Run<Five>(q); break;
                        default: tile.Run<Six>(q); break;
                    }
                }
        }

        private ref struct Tile<TS, TV> where TS : ISimd<TV> where TV : struct
        {
            public float* W, Bias, X, Y;
            public nint K, Ldy;
            public Span<nint> Xo, Yo;
            public PaddedRows L;
            public TV Mask;
            public bool Masked;

            public readonly void Run<TF>(int q) where TF : ICount
            {
                switch (q)
                {
                    case 1: Run<TF, One>(); break;
                    case 2: Run<TF, Two>(); break;
                    case 3: Run<TF, Three>(); break;
                    default: Run<TF, Four>(); break;
                }
            }

            private readonly void Run<TF, TQ>() where TF : ICount where TQ : ICount
            {
                var g = L.Geometry;
                nint o1 = TQ.Value > 1 ? Xo[1] : 0, o2 = TQ.Value > 2 ? Xo[2] : 0, o3 = TQ.Value > 3 ? Xo[3] : 0;
                nint y1 = TQ.Value > 1 ? Yo[1] : 0, y2 = TQ.Value > 2 ? Yo[2] : 0, y3 = TQ.Value > 3 ? Yo[3] : 0;
                DirectConvTiles.Forward<TS, TV, TF, TQ>(W, K, Bias, X + Xo[0], o1 - Xo[0], o2 - Xo[0], o3 - Xo[0],
                    g.Channels, L.ChannelSize, g.KernelHeight, L.Stride, g.KernelWidth,
                    Y + Yo[0], Ldy, y1 - Yo[0], y2 - Yo[0], y3 - Yo[0], Mask, Masked);
            }
        }
    }

    private struct GradJob : IWidthGeneric
    {
        public float* Dy, X, DW;
        public PaddedRows L;
        public int Filters, Batch;

        public void Run<TS, TV>() where TS : ISimd<TV> where TV : struct
        {
            var g = L.Geometry;
            int k = g.PatchSize, fb = GradFilters(TS.Lanes), tb = GradTaps(TS.Lanes), plane = g.OutHeight * L.GradStride;
            Span<nint> xo = stackalloc nint[4];
            for (int m0 = 0; m0 < Filters; m0 += fb)
                for (int p0 = 0; p0 < k; p0 += tb)
                {
                    int taps = Math.Min(tb, k - p0);
                    for (int q = 0; q < taps; q++)
                    {
                        int p = p0 + q, t = p % g.KernelWidth, cs = p / g.KernelWidth;   // tap p = (c, s, t), cs = c·FH + s
                        xo[q] = cs / g.KernelHeight * L.ChannelSize + cs % g.KernelHeight * L.Stride + t;
                    }
                    var tile = new Tile<TS, TV>
                    {
                        Dy = Dy + m0 * plane, Plane = plane, X = X + xo[0], O1 = xo[1] - xo[0], O2 = xo[2] - xo[0], O3 = xo[3] - xo[0],
                        L = L, Batch = Batch, DyBatch = Filters * plane, DW = DW + m0 * k + p0, K = k,
                    };
                    switch (Math.Min(fb, Filters - m0))
                    {
                        case 1: tile.Run<One>(taps); break;
                        case 2: tile.Run<Two>(taps); break;
                        case 3: tile.Run<Three>(taps); break;
                        case 4: tile.Run<Four>(taps); break;
                        case 5: tile.Run<Five>(taps); break;
                        default: tile.Run<Six>(taps); break;
                    }
                }
        }

        private struct Tile<TS, TV> where TS : ISimd<TV> where TV : struct
        {
            public float* Dy, X, DW;
            public nint Plane, O1, O2, O3, DyBatch, K;
            public PaddedRows L;
            public int Batch;

            public readonly void Run<TF>(int taps) where TF : ICount
            {
                switch (taps)
                {
                    case 1: Run<TF, One>(); break;
                    case 2: Run<TF, Two>(); break;
                    case 3: Run<TF, Three>(); break;
                    default: Run<TF, Four>(); break;
                }
            }

            private readonly void Run<TF, TT>() where TF : ICount where TT : ICount
            {
                var g = L.Geometry;
                DirectConvTiles.WeightGrad<TS, TV, TF, TT>(Dy, Plane, X, O1, O2, O3, g.OutHeight,
                    g.StrideHeight * L.Stride, L.Vectors, Batch, DyBatch, L.InputSize, DW, K);
            }
        }
    }
}
