namespace CnnViz.Core.Kernels;

/// <summary>
/// The direct convolution of <see cref="DirectConv"/> (same formulas, same padded rows xp) with the vector lanes
/// over filters: for layers whose filter count is a multiple of the width. LeNet-5's conv2 (16 filters, rows of
/// OW = 10) wastes 6 of 16 lanes along j, so its forward and dW there cost 24,000 vector FMAs per sample; over
/// filters they cost 15,000, and every xp operand is a scalar broadcast, which never splits a cache line.
/// AVX-512, µs per sample, batch 64, Zen 5 (DirectConv → this): conv2 forward 3.45 → 2.8, dW 4.5 → 2.85.
/// The forward's sums come out as yᵀ (positions, filters) and are transposed on the way to y; that copy cost
/// 0.9 µs per sample lane by lane and 0.45 µs position by position (as now).
/// AVX2 (DOTNET_EnableAVX512=0 on the same Zen 5, im2col → this with pair tiles, µs per sample): conv2 forward
/// 7.2 → 4.9, dW 4.9 → 5.15 (dW + dX 13.8 → 14.7), so forward + backward 21.0 → 19.7: a small gain, taken.
/// Layouts: wᵀ (K, M), a transposed copy of W made once per forward; dYᵀ (M / lanes, OH·OW, lanes) per sample;
/// dWᵀ (K, M), transposed into dW (M, K) by <see cref="AddTransposed"/>.
/// </summary>
internal static unsafe class DirectConvFilterLanes
{
    // Tile shapes per width. AVX-512 (32 registers): forward 2 rows × 12 columns (24 sums + the weight vector),
    // dW 5 × 5 taps (25 sums + dYᵀ's vector). AVX2 (16 registers, and a broadcast needs one): forward 1 × 12
    // (12 + 1 + 1), dW 2 × 5 (10 + 1 + 1).
    private const int TileCols = 12, KernelWidthBlock = 5;
    private static int TileRows(int lanes) => lanes == 16 ? 2 : 1;
    private static int KernelRowBlock(int lanes) => lanes == 16 ? 5 : 2;

    /// <summary>
    /// With 16 registers and two or more vectors of filters, tiles of two filter vectors that share each broadcast
    /// (forward 2 × 6 columns, dW 2 × 5 taps; DirectConvFilterPairTiles). AVX2, conv2, µs per sample, against
    /// one vector per tile (1 × 12, 2 × 5): forward 5.3 → 4.9, dW 5.7 → 5.15.
    /// </summary>
    private static bool UsesPairs(int lanes, int filters) => lanes < 16 && filters % (2 * lanes) == 0;
    private const int PairCols = 6;

    /// <summary>Where these kernels run: SIMD, stride width 1, and whole vectors of filters.</summary>
    public static bool CanRun(ConvGeometry g, int filters) => Simd.IsVectorized && g.StrideWidth == 1 && filters % Simd.Lanes == 0;

    /// <summary>Whether <see cref="Layers.Conv2d"/> should use them: wherever they can run (AVX2 included: see the figures above).</summary>
    public static bool Supports(ConvGeometry g, int filters) => CanRun(g, filters);

    /// <summary>to (cols, rows) = from (rows, cols)ᵀ.</summary>
    public static void Transpose(ReadOnlySpan<float> from, int rows, int cols, Span<float> to)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) to[c * rows + r] = from[r * cols + c];
    }

    /// <summary>dYᵀ (M / lanes, P, lanes) of one sample's dY (M, P).</summary>
    public static void TransposeGrad(ReadOnlySpan<float> dy, int filters, int positions, Span<float> dyt)
    {
        int lanes = Simd.Lanes;
        for (int m = 0; m < filters; m++)
        {
            var to = dyt.Slice(m / lanes * positions * lanes + m % lanes);
            var from = dy.Slice(m * positions, positions);
            for (int q = 0; q < positions; q++) to[q * lanes] = from[q];
        }
    }

    /// <summary>dW (M, K) += dWᵀ (K, M)ᵀ.</summary>
    public static void AddTransposed(ReadOnlySpan<float> dwt, int filters, int k, Span<float> dW)
    {
        for (int m = 0; m < filters; m++)
            for (int p = 0; p < k; p++) dW[m * k + p] += dwt[p * filters + m];
    }

    /// <summary>y (M, OH, OW) = W ⊛ xp + b for one sample, from wᵀ (K, M).</summary>
    public static void Forward(ReadOnlySpan<float> wt, ReadOnlySpan<float> bias, ReadOnlySpan<float> xp, PaddedRows layout, int filters, Span<float> y)
    {
        var g = layout.Geometry;
        Check(wt, filters * g.PatchSize, "wt");
        Check(bias, filters, "b");
        Check(xp, layout.InputSize, "xp");
        Check(y, filters * g.OutputPositions, "y");
        fixed (float* pw = wt, pb = bias, px = xp, py = y)
        {
            var job = new ForwardJob { Wt = pw, Bias = pb, X = px, Y = py, L = layout, Filters = filters };
            Simd.Run(ref job);
        }
    }

    /// <summary>dWᵀ (K, M) += Σ_n dYᵀ_n ⊛ xp_n over <paramref name="batch"/> samples (dYᵀ (N, M/lanes, P, lanes), xp (N, C, H+2PH, S)).</summary>
    public static void AddWeightGrad(ReadOnlySpan<float> dyt, ReadOnlySpan<float> xp, int batch, PaddedRows layout, int filters, Span<float> dwt)
    {
        var g = layout.Geometry;
        Check(dyt, batch * filters * g.OutputPositions, "dyt");
        Check(xp, batch * layout.InputSize, "xp");
        Check(dwt, filters * g.PatchSize, "dwt");
        fixed (float* pd = dyt, px = xp, pw = dwt)
        {
            var job = new GradJob { Dyt = pd, X = px, Dwt = pw, L = layout, Filters = filters, Batch = batch };
            Simd.Run(ref job);
        }
    }

    private static void Check(ReadOnlySpan<float> span, int needed, string name)
    {
        if (span.Length < needed) throw new ArgumentException($"{name} holds {span.Length} floats, needs {needed}.", name);
    }

    private struct ForwardJob : IWidthGeneric
    {
        public float* Wt, Bias, X, Y;
        public PaddedRows L;
        public int Filters;

        public void Run<TS, TV>() where TS : ISimd<TV> where TV : struct
        {
            var g = L.Geometry;
            int lanes = TS.Lanes, ow = g.OutWidth, p = g.OutputPositions;
            int tileRows = TileRows(lanes);
            float* yt = stackalloc float[2 * TileCols * lanes];
            if (UsesPairs(lanes, Filters))
            {
                Pairs<TS, TV>(yt);
                return;
            }
            for (int m0 = 0; m0 < Filters; m0 += lanes)
                for (int i0 = 0; i0 < g.OutHeight; i0 += tileRows)
                    for (int j0 = 0; j0 < ow; j0 += TileCols)
                    {
                        int rows = Math.Min(tileRows, g.OutHeight - i0), cols = Math.Min(TileCols, ow - j0);
                        float* x = X + i0 * g.StrideHeight * L.Stride + j0;
                        if (rows == 2) Cols<TS, TV, Two>(cols, m0, x, yt);
                        else Cols<TS, TV, One>(cols, m0, x, yt);
                        for (int r = 0; r < rows; r++)                        // yᵀ tile (rows·cols, lanes) → y (M, OH, OW)
                        {
                            float* to = Y + m0 * p + (i0 + r) * ow + j0, from = yt + r * cols * lanes;
                            for (int j = 0; j < cols; j++, from += lanes, to++)
                                for (int l = 0; l < lanes; l += 4)            // lanes is 8 or 16 (CanRun needs SIMD)
                                {
                                    to[l * p] = from[l];
                                    to[(l + 1) * p] = from[l + 1];
                                    to[(l + 2) * p] = from[l + 2];
                                    to[(l + 3) * p] = from[l + 3];
                                }
                        }
                    }
        }

        /// <summary>Two vectors of filters × up to 6 columns of one output row per tile (DirectConvFilterTiles.ForwardPair).</summary>
        private readonly void Pairs<TS, TV>(float* yt) where TS : ISimd<TV> where TV : struct
        {
            var g = L.Geometry;
            int lanes = TS.Lanes, ow = g.OutWidth, p = g.OutputPositions;
            for (int m0 = 0; m0 < Filters; m0 += 2 * lanes)
                for (int i0 = 0; i0 < g.OutHeight; i0++)
                    for (int j0 = 0; j0 < ow; j0 += PairCols)
                    {
                        int cols = Math.Min(PairCols, ow - j0);
                        float* x = X + i0 * g.StrideHeight * L.Stride + j0;
                        switch (cols)
                        {
                            case 1: Pair<TS, TV, One>(m0, x, yt); break;
                            case 2: Pair<TS, TV, Two>(m0, x, yt); break;
                            case 3: Pair<TS, TV, Three>(m0, x, yt); break;
                            case 4: Pair<TS, TV, Four>(m0, x, yt); break;
                            case 5: Pair<TS, TV, Five>(m0, x, yt); break;
                            default: Pair<TS, TV, Six>(m0, x, yt); break;
                        }
                        for (int u = 0; u < 2; u++)                           // yᵀ tile (2 vectors, cols, lanes) → y (M, OH, OW)
                        {
                            float* to = Y + (m0 + u * lanes) * p + i0 * ow + j0, from = yt + u * cols * lanes;
                            for (int j = 0; j < cols; j++, from += lanes, to++)
                                for (int l = 0; l < lanes; l++) to[l * p] = from[l];
                        }
                    }
        }

        private readonly void Pair<TS, TV, TJ>(int m0, float* x, float* yt) where TS : ISimd<TV> where TV : struct where TJ : ICount
        {
            var g = L.Geometry;
            DirectConvFilterTiles.ForwardPair<TS, TV, TJ>(Wt + m0, Filters, Bias + m0, x,
                g.Channels, L.ChannelSize, g.KernelHeight, L.Stride, g.KernelWidth, yt);
        }

        private readonly void Cols<TS, TV, TR>(int cols, int m0, float* x, float* yt) where TS : ISimd<TV> where TV : struct where TR : ICount
        {
            switch (cols)
            {
                case 1: Tile<TS, TV, TR, One>(m0, x, yt); break;
                case 2: Tile<TS, TV, TR, Two>(m0, x, yt); break;
                case 3: Tile<TS, TV, TR, Three>(m0, x, yt); break;
                case 4: Tile<TS, TV, TR, Four>(m0, x, yt); break;
                case 5: Tile<TS, TV, TR, Five>(m0, x, yt); break;
                case 6: Tile<TS, TV, TR, Six>(m0, x, yt); break;
                case 7: Tile<TS, TV, TR, Seven>(m0, x, yt); break;
                case 8: Tile<TS, TV, TR, Eight>(m0, x, yt); break;
                case 9: Tile<TS, TV, TR, Nine>(m0, x, yt); break;
                case 10: Tile<TS, TV, TR, Ten>(m0, x, yt); break;
                case 11: Tile<TS, TV, TR, Eleven>(m0, x, yt); break;
                default: Tile<TS, TV, TR, Twelve>(m0, x, yt); break;
            }
        }

        private readonly void Tile<TS, TV, TR, TJ>(int m0, float* x, float* yt) where TS : ISimd<TV> where TV : struct where TR : ICount where TJ : ICount
        {
            var g = L.Geometry;
            DirectConvFilterTiles.Forward<TS, TV, TR, TJ>(Wt + m0, Filters, Bias + m0, x, g.StrideHeight * L.Stride,
                g.Channels, L.ChannelSize, g.KernelHeight, L.Stride, g.KernelWidth, yt);
        }
    }

    private struct GradJob : IWidthGeneric
    {
        public float* Dyt, X, Dwt;
        public PaddedRows L;
        public int Filters, Batch;

        public void Run<TS, TV>() where TS : ISimd<TV> where TV : struct
        {
            var g = L.Geometry;
            int lanes = TS.Lanes, p = g.OutputPositions, rowBlock = KernelRowBlock(lanes);
            if (UsesPairs(lanes, Filters))
            {
                for (int m0 = 0; m0 < Filters; m0 += 2 * lanes)
                    for (int c = 0; c < g.Channels; c++)
                        for (int s = 0; s < g.KernelHeight; s++)
                            for (int t0 = 0; t0 < g.KernelWidth; t0 += KernelWidthBlock)
                            {
                                var pair = new Tile<TS, TV>
                                {
                                    Dyt = Dyt + m0 * p, X = X + c * L.ChannelSize + s * L.Stride + t0, L = L, Batch = Batch,
                                    DyBatch = Filters * p, Dwt = Dwt + ((c * g.KernelHeight + s) * g.KernelWidth + t0) * Filters + m0, Ldw = Filters,
                                };
                                pair.RunPair(Math.Min(KernelWidthBlock, g.KernelWidth - t0));
                            }
                return;
            }
            for (int m0 = 0; m0 < Filters; m0 += lanes)
                for (int c = 0; c < g.Channels; c++)
                    for (int s0 = 0; s0 < g.KernelHeight; s0 += rowBlock)
                        for (int t0 = 0; t0 < g.KernelWidth; t0 += KernelWidthBlock)
                        {
                            int rows = Math.Min(rowBlock, g.KernelHeight - s0), taps = Math.Min(KernelWidthBlock, g.KernelWidth - t0);
                            var tile = new Tile<TS, TV>
                            {
                                Dyt = Dyt + m0 * p, X = X + c * L.ChannelSize + s0 * L.Stride + t0, L = L, Batch = Batch,
                                DyBatch = Filters * p, Dwt = Dwt + ((c * g.KernelHeight + s0) * g.KernelWidth + t0) * Filters + m0, Ldw = Filters,
                            };
                            switch (rows)
                            {
                                case 1: tile.Run<One>(taps); break;
                                case 2: tile.Run<Two>(taps); break;
                                case 3: tile.Run<Three>(taps); break;
                                case 4: tile.Run<Four>(taps); break;
                                default: tile.Run<Five>(taps); break;
                            }
                        }
        }

        private struct Tile<TS, TV> where TS : ISimd<TV> where TV : struct
        {
            public float* Dyt, X, Dwt;
            public nint DyBatch, Ldw;
            public PaddedRows L;
            public int Batch;

            public readonly void Run<TR>(int taps) where TR : ICount
            {
                switch (taps)
                {
                    case 1: Run<TR, One>(); break;
                    case 2: Run<TR, Two>(); break;
                    case 3: Run<TR, Three>(); break;
                    case 4: Run<TR, Four>(); break;
                    default: Run<TR, Five>(); break;
                }
            }

            public readonly void RunPair(int taps)
            {
                switch (taps)
                {
                    case 1: RunPair<One>(); break;
                    case 2: RunPair<Two>(); break;
                    case 3: RunPair<Three>(); break;
                    case 4: RunPair<Four>(); break;
                    default: RunPair<Five>(); break;
                }
            }

            private readonly void RunPair<TT>() where TT : ICount
            {
                var g = L.Geometry;
                DirectConvFilterTiles.WeightGradPair<TS, TV, TT>(Dyt, g.OutputPositions * TS.Lanes, DyBatch, X, g.OutHeight, g.OutWidth,
                    g.StrideHeight * L.Stride, Batch, L.InputSize, Dwt, Ldw);
            }

            private readonly void Run<TR, TT>() where TR : ICount where TT : ICount
            {
                var g = L.Geometry;
                DirectConvFilterTiles.WeightGrad<TS, TV, TR, TT>(Dyt, DyBatch, X, L.Stride, g.OutHeight, g.OutWidth,
                    g.StrideHeight * L.Stride, Batch, L.InputSize, Dwt, g.KernelWidth, Ldw);
            }
        }
    }
}
