using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnViz.Core.Kernels;

/// <summary>
/// Dense matrix products on row-major float32 spans; the caller owns every buffer.
/// Shapes: A is M×K, B is K×N, C is M×N (as stored, before any transpose).
/// When <c>accumulate</c> is true the product is added to C; otherwise C is overwritten.
/// Results equal <see cref="GemmReference"/> up to float rounding (sums are formed in another order, with FMA).
/// </summary>
/// <remarks>
/// <para>Blocking scheme. The products that matter here have small M and K and a long N
/// (conv1: 6 × 25 · 25 × 784 per image; conv2: 16 × 150 · 150 × 100; fc1: 64 × 400 · 400 × 120), so every
/// operand fits in L1/L2 and the limit is how many FMAs run per load. C is cut into register tiles whose shape
/// suits the width's register file (<see cref="ISimd{TV}.TileRows"/> × <see cref="ISimd{TV}.TileVectors"/>:
/// 4 rows × 4 vectors with AVX-512's 32 registers, 6 × 2 with AVX2's 16); a tile's accumulators live in
/// registers for the whole K loop, each step loads V vectors of B and broadcasts R elements of A for R·V FMAs,
/// and C is written once. Edge tiles with fewer rows or vectors run the same code (compile-time counts).
/// A row that is not a whole number of vectors ends with its last vector shifted left to end at the row's
/// end, stored with a blend that keeps the lanes the tile to its left owns: no masked loads or stores, which
/// AVX2 only has as vmaskmov (slow, on AMD especially). Only rows shorter than one vector use masks.
/// No packing or K-blocking: at these sizes a B panel (K × 64 floats ≤ 100 KB) stays in L2.</para>
/// <para>C = A·Bᵀ reads B across rows, which cannot be streamed as vectors. For long K (≥ <see cref="DotMinK"/>,
/// e.g. conv1's dW = dY·colsᵀ with K = 784) each C element is a dot product, vectorised along K, 4 × 4 at a time.
/// For short K (conv2's dW = dY·colsᵀ with K = 100) the smaller operand is transposed into a per-thread scratch
/// buffer and the broadcast tiles run on it (see <see cref="MultiplyTransposeB"/>).</para>
/// <para>Widths: AVX-512 when the CPU has it, else AVX2+FMA, else the same kernels one float at a time
/// (<see cref="Simd.Run"/> is the one place that chooses). <see cref="GemmReference"/> is the test oracle.</para>
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>From this K on, A·Bᵀ runs as dot products rather than transposing B first.</summary>
    public const int DotMinK = 256;

    [ThreadStatic] private static float[]? t_scratch;   // packed operands of A·Bᵀ with short K, per thread

    /// <summary>Which vector width the kernels use on this CPU: "AVX-512", "AVX2" or "scalar".</summary>
    public static string Isa => Simd.Isa;

    /// <summary>C (M×N) = A (M×K) · B (K×N).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a, m * k, b, k * n, c, m * n, m, k, n);
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new BroadcastJob(pa, k, 1, pb, n, pc, m, k, n, accumulate);   // A(i, p) = a[i·K + p]
            Simd.Run(ref job);
        }
    }

    /// <summary>C (M×N) = A (M×K) · B (K×N) + rowBias[i] on every element of row i (a convolution: one bias per filter).</summary>
    public static void MultiplyAddRowBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, ReadOnlySpan<float> rowBias)
    {
        Check(a, m * k, b, k * n, c, m * n, m, k, n);
        if (rowBias.Length < m) throw new ArgumentException($"The row bias holds {rowBias.Length} floats, needs {m}.", nameof(rowBias));
        fixed (float* pa = a, pb = b, pc = c, bias = rowBias)
        {
            var job = new BroadcastJob(pa, k, 1, pb, n, pc, m, k, n, false) { RowBias = bias };
            Simd.Run(ref job);
        }
    }

    /// <summary>C (M×N) = A (M×K) · B (K×N) + colBias[j] on every element of column j (a dense layer: one bias per output).</summary>
    public static void MultiplyAddColumnBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, ReadOnlySpan<float> colBias)
    {
        Check(a, m * k, b, k * n, c, m * n, m, k, n);
        if (colBias.Length < n) throw new ArgumentException($"The column bias holds {colBias.Length} floats, needs {n}.", nameof(colBias));
        fixed (float* pa = a, pb = b, pc = c, bias = colBias)
        {
            var job = new BroadcastJob(pa, k, 1, pb, n, pc, m, k, n, false) { ColBias = bias };
            Simd.Run(ref job);
        }
    }

    /// <summary>C (M×N) = Aᵀ · B, where A is stored K×M and B is K×N.</summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
        => MultiplyTransposeA(a, m, b, c, m, k, n, accumulate);

    /// <summary>
    /// C (M×N) = Aᵀ · B where Aᵀ's rows are the first M columns of a K×lda matrix (A(p, i) = a[p·lda + i]).
    /// Lets a caller compute a band of rows of C, e.g. a dense layer's dW = Xᵀ·dY split over input features.
    /// </summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        if (lda < m) throw new ArgumentOutOfRangeException(nameof(lda), lda, $"The row stride of A must be at least M = {m}.");
        Check(a, k == 0 ? 0 : (k - 1) * lda + m, b, k * n, c, m * n, m, k, n);
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new BroadcastJob(pa, 1, lda, pb, n, pc, m, k, n, accumulate);   // Aᵀ(i, p) = a[p·lda + i]
            Simd.Run(ref job);
        }
    }

    /// <summary>C (M×N) = A · Bᵀ, where A is M×K and B is stored N×K.</summary>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a, m * k, b, n * k, c, m * n, m, k, n);
        if (k >= DotMinK || !Simd.IsVectorized)   // scalar: a dot product per element needs no copies
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                var job = new DotJob(pa, pb, pc, m, k, n, accumulate, 1, 0, 0);
                Simd.Run(ref job);
            }
            return;
        }
        // Short K: make it an ordinary product by transposing the cheaper side. Either copy Bᵀ (K×N) and
        // compute C = A·(Bᵀ), or, when B is the big one (B is 150×100, A only 16×100),
        // copy Aᵀ (K×M), compute Cᵀ (N×M) = B·(Aᵀ) and transpose that small result into C.
        bool swap = (long)n * k > (long)m * k + (long)m * n;
        int packed = swap ? k * m : k * n, result = swap ? n * m : 0;
        if (t_scratch is null || t_scratch.Length < packed + result) t_scratch = new float[Math.Max(packed + result, 4096)];
        Span<float> pack = t_scratch.AsSpan(0, packed), ct = t_scratch.AsSpan(packed, result);
        if (!swap)
        {
            Transpose(b, n, k, pack);                                  // Bᵀ (K×N)
            Multiply(a, pack, c, m, k, n, accumulate);
            return;
        }
        Transpose(a, m, k, pack);                                      // Aᵀ (K×M)
        Multiply(b, pack, ct, n, k, m);                                // Cᵀ (N×M) = B · Aᵀ
        for (int i = 0; i < m; i++)                                    // C (M×N) (+)= (Cᵀ)ᵀ
        {
            Span<float> cRow = c.Slice(i * n, n);
            for (int j = 0; j < n; j++) cRow[j] = accumulate ? cRow[j] + ct[j * m + i] : ct[j * m + i];
        }
    }

    /// <summary>dst (cols×rows) = srcᵀ for src (rows×cols), both row-major.</summary>
    private static void Transpose(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = src.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) dst[c * rows + r] = row[c];
        }
    }

    /// <summary>
    /// C (M×N) (+)= Σ_{s &lt; count} A_s · B_sᵀ, where A_s (M×K) starts at a[s·aStride] and B_s (stored N×K) at
    /// b[s·bStride]. A convolution's dW = Σ_n dY_n · cols_nᵀ over several samples: the dot products run along
    /// K for all pairs before the partial sums in each register are added across lanes, once.
    /// </summary>
    public static void MultiplyTransposeBSum(ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, int count,
        Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Give at least one pair of matrices.");
        if (aStride < m * k || bStride < n * k) throw new ArgumentException($"Strides ({aStride}, {bStride}) must be at least one matrix ({m * k}, {n * k}).");
        Check(a, (count - 1) * aStride + m * k, b, (count - 1) * bStride + n * k, c, m * n, m, k, n);
        if (k < DotMinK && Simd.ShortDotsAsBroadcast && m >= Simd.Lanes)
        {
            SumViaTransposedProducts(a, aStride, b, bStride, count, c, m, k, n, accumulate);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new DotJob(pa, pb, pc, m, k, n, accumulate, count, aStride, bStride);
            Simd.Run(ref job);
        }
    }

    /// <summary>
    /// <see cref="MultiplyTransposeBSum"/> for short K on widths whose dot tiles are load-bound (AVX2: 9 FMAs per
    /// 6 loads and a lane reduction per element), as broadcast products instead:
    /// Cᵀ (N×M) = Σ_s B_s (N×K) · A_sᵀ (K×M), each A_s transposed into scratch (M·K floats, cheap beside the
    /// M·N·K multiply-adds), then C (+)= (Cᵀ)ᵀ. conv2's dW at batch 64: 16 × 100 · 100 × 150 per sample.
    /// </summary>
    private static void SumViaTransposedProducts(ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, int count,
        Span<float> c, int m, int k, int n, bool accumulate)
    {
        int packed = k * m, result = n * m;
        if (t_scratch is null || t_scratch.Length < packed + result) t_scratch = new float[Math.Max(packed + result, 4096)];
        Span<float> pack = t_scratch.AsSpan(0, packed), ct = t_scratch.AsSpan(packed, result);
        for (int s = 0; s < count; s++)
        {
            Transpose(a.Slice(s * aStride, m * k), m, k, pack);                        // A_sᵀ (K×M)
            Multiply(b.Slice(s * bStride, n * k), pack, ct, n, k, m, accumulate: s > 0);  // Cᵀ (N×M) (+)= B_s · A_sᵀ
        }
        for (int i = 0; i < m; i++)                                                     // C (M×N) (+)= (Cᵀ)ᵀ
        {
            Span<float> cRow = c.Slice(i * n, n);
            for (int j = 0; j < n; j++) cRow[j] = accumulate ? cRow[j] + ct[j * m + i] : ct[j * m + i];
        }
    }

    /// <summary>
    /// The arguments of a broadcast product (A(i, p) = a[i·aRow + p·aCol], B(p, j) = b[p·ldb + j], C row stride N,
    /// optional row or column bias), and its driver: C in column panels of V vectors, each cut into R-row tiles.
    /// </summary>
    private struct BroadcastJob(float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, int m, int k, int n, bool accumulate) : IWidthGeneric
    {
        public float* RowBias, ColBias;

        public readonly void Run<TS, TV>() where TS : ISimd<TV> where TV : struct
        {
            int lanes = TS.Lanes;
            if (m == 0 || n == 0) return;
            if (n < lanes)   // a row shorter than one vector: the only case that needs masked loads and stores
            {
                Panel<TS, TV, MaskedEdge>(0, 1, TS.FirstLanes(n), shifted: false);
                return;
            }
            int whole = n / lanes, rest = n - whole * lanes;
            // Column panels outside, row tiles inside: the B panel (K × tile width) stays in cache while A streams.
            for (int v = 0; v < whole; v += TS.TileVectors)
                Panel<TS, TV, PlainEdge>(v * lanes, Math.Min(TS.TileVectors, whole - v), TS.Zero, shifted: false);
            if (rest > 0)    // the last vector, moved left to end at column N; its first lanes belong to the panel before
                Panel<TS, TV, PlainEdge>(n - lanes, 1, TS.FirstLanes(lanes - rest), shifted: true);
        }

        /// <summary>Columns j.. of C, <paramref name="vectors"/> vectors wide, all rows.</summary>
        private readonly void Panel<TS, TV, TE>(int j, int vectors, TV edgeMask, bool shifted) where TS : ISimd<TV> where TV : struct where TE : IEdge
        {
            for (int i = 0; i < m; i += TS.TileRows)
            {
                int rows = Math.Min(TS.TileRows, m - i);
                float* ai = a + i * aRow, bj = b + j, cij = c + (nint)i * n + j;
                float* ri = RowBias == null ? null : RowBias + i, cj = ColBias == null ? null : ColBias + j;
                switch (rows)
                {
                    case 6: Tile<TS, TV, Six, TE>(vectors, ai, bj, cij, edgeMask, shifted, ri, cj); break;
                    case 5: Tile<TS, TV, Five, TE>(vectors, ai, bj, cij, edgeMask, shifted, ri, cj); break;
                    case 4: Tile<TS, TV, Four, TE>(vectors, ai, bj, cij, edgeMask, shifted, ri, cj); break;
                    case 3: Tile<TS, TV, Three, TE>(vectors, ai, bj, cij, edgeMask, shifted, ri, cj); break;
                    case 2: Tile<TS, TV, Two, TE>(vectors, ai, bj, cij, edgeMask, shifted, ri, cj); break;
                    default: Tile<TS, TV, One, TE>(vectors, ai, bj, cij, edgeMask, shifted, ri, cj); break;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Tile<TS, TV, TR, TE>(int vectors, float* ai, float* bj, float* cij, TV edgeMask, bool shifted, float* ri, float* cj)
            where TS : ISimd<TV> where TV : struct where TR : ICount where TE : IEdge
        {
            switch (vectors)
            {
                case 4: GemmTiles.Broadcast<TS, TV, TR, Four, TE>(ai, aRow, aCol, bj, ldb, cij, n, k, edgeMask, shifted, accumulate, ri, cj); break;
                case 3: GemmTiles.Broadcast<TS, TV, TR, Three, TE>(ai, aRow, aCol, bj, ldb, cij, n, k, edgeMask, shifted, accumulate, ri, cj); break;
                case 2: GemmTiles.Broadcast<TS, TV, TR, Two, TE>(ai, aRow, aCol, bj, ldb, cij, n, k, edgeMask, shifted, accumulate, ri, cj); break;
                default: GemmTiles.Broadcast<TS, TV, TR, One, TE>(ai, aRow, aCol, bj, ldb, cij, n, k, edgeMask, shifted, accumulate, ri, cj); break;
            }
        }
    }

    /// <summary>
    /// The arguments of C (+)= Σ_s A_s·B_sᵀ as dot products (A row i at a + i·K, B row j at b + j·K, pair s offset
    /// by s·aBatch and s·bBatch), and its driver: C in tiles of <see cref="ISimd{TV}.DotRows"/> × <see cref="ISimd{TV}.DotCols"/>.
    /// </summary>
    private readonly struct DotJob(float* a, float* b, float* c, int m, int k, int n, bool accumulate, int batch, nint aBatch, nint bBatch) : IWidthGeneric
    {
        public void Run<TS, TV>() where TS : ISimd<TV> where TV : struct
        {
            for (int i = 0; i < m; i += TS.DotRows)
            {
                int rows = Math.Min(TS.DotRows, m - i);
                for (int j = 0; j < n; j += TS.DotCols)
                {
                    int cols = Math.Min(TS.DotCols, n - j);
                    float* ai = a + (nint)i * k, bj = b + (nint)j * k, cij = c + (nint)i * n + j;
                    switch (rows)
                    {
                        case 4: Tile<TS, TV, Four>(cols, ai, bj, cij); break;
                        case 3: Tile<TS, TV, Three>(cols, ai, bj, cij); break;
                        case 2: Tile<TS, TV, Two>(cols, ai, bj, cij); break;
                        default: Tile<TS, TV, One>(cols, ai, bj, cij); break;
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Tile<TS, TV, TR>(int cols, float* ai, float* bj, float* cij) where TS : ISimd<TV> where TV : struct where TR : ICount
        {
            switch (cols)
            {
                case 4: GemmTiles.Dot<TS, TV, TR, Four>(ai, k, bj, k, cij, n, k, accumulate, batch, aBatch, bBatch); break;
                case 3: GemmTiles.Dot<TS, TV, TR, Three>(ai, k, bj, k, cij, n, k, accumulate, batch, aBatch, bBatch); break;
                case 2: GemmTiles.Dot<TS, TV, TR, Two>(ai, k, bj, k, cij, n, k, accumulate, batch, aBatch, bBatch); break;
                default: GemmTiles.Dot<TS, TV, TR, One>(ai, k, bj, k, cij, n, k, accumulate, batch, aBatch, bBatch); break;
            }
        }
    }

    internal static void Check(ReadOnlySpan<float> a, int aLen, ReadOnlySpan<float> b, int bLen, ReadOnlySpan<float> c, int cLen, int m, int k, int n)
    {
        if (m < 0 || k < 0 || n < 0) throw new ArgumentOutOfRangeException(m < 0 ? nameof(m) : k < 0 ? nameof(k) : nameof(n), "Matrix sizes must be 0 or more.");
        if (a.Length < aLen) throw new ArgumentException($"A holds {a.Length} floats, needs {aLen}.", nameof(a));
        if (b.Length < bLen) throw new ArgumentException($"B holds {b.Length} floats, needs {bLen}.", nameof(b));
        if (c.Length < cLen) throw new ArgumentException($"C holds {c.Length} floats, needs {cLen}.", nameof(c));
    }
}
