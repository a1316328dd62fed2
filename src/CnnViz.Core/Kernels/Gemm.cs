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
/// (conv1: 6 × 25 · 25 × 784 per image; conv2: 16 × 150 · 150 × 64; fc1: 64 × 400 · 400 × 120), so every
/// operand fits in L1/L2 and the limit is how many FMAs run per load. C is cut into tiles of up to 4 rows ×
/// 4 vectors (4 × 64 floats with AVX-512); a tile's 16 accumulators live in registers for the whole K loop,
/// each step loads 4 vectors of B and broadcasts 4 elements of A for 16 FMAs, and C is written once.
/// Edge tiles (fewer rows, fewer vectors, a partial last vector) run the same code with masked loads/stores.
/// No packing or K-blocking: at these sizes a B panel (K × 64 floats ≤ 100 KB) stays in L2.</para>
/// <para>C = A·Bᵀ reads B across rows, which cannot be streamed as vectors. For long K (≥ <see cref="DotMinK"/>,
/// e.g. conv1's dW = dY·colsᵀ with K = 784) each C element is a dot product, vectorised along K, 4 × 4 at a time.
/// For short K (conv2's dW = dY·colsᵀ with K = 100) the smaller operand is transposed into a per-thread scratch
/// buffer and the broadcast tiles run on it (see <see cref="MultiplyTransposeB"/>).</para>
/// <para>Widths: AVX-512 when the CPU has it, else AVX2+FMA, else the plain loops of <see cref="GemmReference"/>.</para>
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>From this K on, A·Bᵀ runs as dot products rather than transposing B first.</summary>
    public const int DotMinK = 256;

    /// <summary>Rows and vectors per register tile (see remarks).</summary>
    private const int TileRows = 4, TileVectors = 4;

    [ThreadStatic] private static float[]? t_scratch;   // packed operands of A·Bᵀ with short K, per thread

    /// <summary>Which vector width the kernels use on this CPU: "AVX-512", "AVX2" or "scalar".</summary>
    public static string Isa => Simd512.IsSupported ? "AVX-512" : Simd256.IsSupported ? "AVX2" : "scalar";

    /// <summary>C (M×N) = A (M×K) · B (K×N).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a, m * k, b, k * n, c, m * n, m, k, n);
        fixed (float* pa = a, pb = b, pc = c)
        {
            // A(i, p) = a[i·K + p]
            if (Simd512.IsSupported) BroadcastProduct<Simd512, Vector512<float>>(pa, k, 1, pb, n, pc, m, k, n, accumulate, null, null);
            else if (Simd256.IsSupported) BroadcastProduct<Simd256, Vector256<float>>(pa, k, 1, pb, n, pc, m, k, n, accumulate, null, null);
            else GemmReference.Multiply(a, b, c, m, k, n, accumulate);
        }
    }

    /// <summary>C (M×N) = A (M×K) · B (K×N) + rowBias[i] on every element of row i (a convolution: one bias per filter).</summary>
    public static void MultiplyAddRowBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, ReadOnlySpan<float> rowBias)
    {
        Check(a, m * k, b, k * n, c, m * n, m, k, n);
        if (rowBias.Length < m) throw new ArgumentException($"The row bias holds {rowBias.Length} floats, needs {m}.", nameof(rowBias));
        fixed (float* pa = a, pb = b, pc = c, bias = rowBias)
        {
            if (Simd512.IsSupported) BroadcastProduct<Simd512, Vector512<float>>(pa, k, 1, pb, n, pc, m, k, n, false, bias, null);
            else if (Simd256.IsSupported) BroadcastProduct<Simd256, Vector256<float>>(pa, k, 1, pb, n, pc, m, k, n, false, bias, null);
            else GemmReference.MultiplyAddRowBias(a, b, c, m, k, n, rowBias);
        }
    }

    /// <summary>C (M×N) = A (M×K) · B (K×N) + colBias[j] on every element of column j (a dense layer: one bias per output).</summary>
    public static void MultiplyAddColumnBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, ReadOnlySpan<float> colBias)
    {
        Check(a, m * k, b, k * n, c, m * n, m, k, n);
        if (colBias.Length < n) throw new ArgumentException($"The column bias holds {colBias.Length} floats, needs {n}.", nameof(colBias));
        fixed (float* pa = a, pb = b, pc = c, bias = colBias)
        {
            if (Simd512.IsSupported) BroadcastProduct<Simd512, Vector512<float>>(pa, k, 1, pb, n, pc, m, k, n, false, null, bias);
            else if (Simd256.IsSupported) BroadcastProduct<Simd256, Vector256<float>>(pa, k, 1, pb, n, pc, m, k, n, false, null, bias);
            else GemmReference.MultiplyAddColumnBias(a, b, c, m, k, n, colBias);
        }
    }

    /// <summary>C (M×N) = Aᵀ · B, where A is stored K×M and B is K×N.</summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a, k * m, b, k * n, c, m * n, m, k, n);
        fixed (float* pa = a, pb = b, pc = c)
        {
            // Aᵀ(i, p) = a[p·M + i]
            if (Simd512.IsSupported) BroadcastProduct<Simd512, Vector512<float>>(pa, 1, m, pb, n, pc, m, k, n, accumulate, null, null);
            else if (Simd256.IsSupported) BroadcastProduct<Simd256, Vector256<float>>(pa, 1, m, pb, n, pc, m, k, n, accumulate, null, null);
            else GemmReference.MultiplyTransposeA(a, b, c, m, k, n, accumulate);
        }
    }

    /// <summary>
    /// C (M×N) = Aᵀ · B where Aᵀ's rows are the first M columns of a K×lda matrix (A(p, i) = a[p·lda + i]).
    /// Lets a caller compute a band of rows of C, e.g. a dense layer's dW = Xᵀ·dY split over input features.
    /// </summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        if (lda < m) throw new ArgumentOutOfRangeException(nameof(lda), lda, $"The row stride of A must be at least M = {m}.");
        Check(a, k == 0 ? 0 : (k - 1) * lda + m, b, k * n, c, m * n, m, k, n);
        if (!Simd512.IsSupported && !Simd256.IsSupported)
        {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float sum = 0;
                    for (int p = 0; p < k; p++) sum += a[p * lda + i] * b[p * n + j];
                    c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
                }
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (Simd512.IsSupported) BroadcastProduct<Simd512, Vector512<float>>(pa, 1, lda, pb, n, pc, m, k, n, accumulate, null, null);
            else BroadcastProduct<Simd256, Vector256<float>>(pa, 1, lda, pb, n, pc, m, k, n, accumulate, null, null);
        }
    }

    /// <summary>C (M×N) = A · Bᵀ, where A is M×K and B is stored N×K.</summary>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a, m * k, b, n * k, c, m * n, m, k, n);
        if (!Simd512.IsSupported && !Simd256.IsSupported)
        {
            GemmReference.MultiplyTransposeB(a, b, c, m, k, n, accumulate);
            return;
        }
        if (k >= DotMinK)
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                if (Simd512.IsSupported) DotProduct<Simd512, Vector512<float>>(pa, pb, pc, m, k, n, accumulate);
                else DotProduct<Simd256, Vector256<float>>(pa, pb, pc, m, k, n, accumulate);
            }
            return;
        }
        // Short K: make it an ordinary product by transposing the cheaper side. Either copy Bᵀ (K×N) and
        // compute C = A·(Bᵀ), or, when B is the big one (conv2's dW = dY·colsᵀ: B is 150×100, A only 16×100),
        // copy Aᵀ (K×M), compute Cᵀ (N×M) = B·(Aᵀ) and transpose that small result into C.
        bool swap = (long)n * k > (long)m * k + (long)m * n;
        int packed = swap ? k * m : k * n, result = swap ? n * m : 0;
        if (t_scratch is null || t_scratch.Length < packed + result) t_scratch = new float[Math.Max(packed + result, 4096)];
        Span<float> pack = t_scratch.AsSpan(0, packed), ct = t_scratch.AsSpan(packed, result);
        if (!swap)
        {
            Transpose(b, n, k, pack);                                  // Bᵀ (K×N)
            fixed (float* pa = a, pb = pack, pc = c)
            {
                if (Simd512.IsSupported) BroadcastProduct<Simd512, Vector512<float>>(pa, k, 1, pb, n, pc, m, k, n, accumulate, null, null);
                else BroadcastProduct<Simd256, Vector256<float>>(pa, k, 1, pb, n, pc, m, k, n, accumulate, null, null);
            }
            return;
        }
        Transpose(a, m, k, pack);                                      // Aᵀ (K×M)
        fixed (float* pb = b, pat = pack, pct = ct)
        {
            if (Simd512.IsSupported) BroadcastProduct<Simd512, Vector512<float>>(pb, k, 1, pat, m, pct, n, k, m, false, null, null);
            else BroadcastProduct<Simd256, Vector256<float>>(pb, k, 1, pat, m, pct, n, k, m, false, null, null);
        }
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
        if (!Simd512.IsSupported && !Simd256.IsSupported)
        {
            for (int s = 0; s < count; s++)
                GemmReference.MultiplyTransposeB(a.Slice(s * aStride), b.Slice(s * bStride), c, m, k, n, accumulate || s > 0);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (Simd512.IsSupported) DotProduct<Simd512, Vector512<float>>(pa, pb, pc, m, k, n, accumulate, count, aStride, bStride);
            else DotProduct<Simd256, Vector256<float>>(pa, pb, pc, m, k, n, accumulate, count, aStride, bStride);
        }
    }

    /// <summary>Walks C in tiles of 4 rows × 4 vectors; A(i, p) = a[i·aRow + p·aCol], B(p, j) = b[p·ldb + j], C row stride N.</summary>
    private static void BroadcastProduct<TS, TV>(float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, int m, int k, int n, bool accumulate,
        float* rowBias, float* colBias)
        where TS : ISimd<TV> where TV : struct
    {
        int lanes = TS.Lanes, tileWidth = TileVectors * lanes;
        // Column tiles outside, row tiles inside: the B panel (K × tile width) stays in cache while A streams.
        for (int j = 0; j < n; j += tileWidth)
        {
            int width = Math.Min(tileWidth, n - j);
            int vectors = (width + lanes - 1) / lanes;
            TV lastMask = TS.FirstLanes(width - (vectors - 1) * lanes);
            bool lastFull = width == vectors * lanes;
            for (int i = 0; i < m; i += TileRows)
            {
                int rows = Math.Min(TileRows, m - i);
                float* ai = a + i * aRow, bj = b + j, cij = c + (nint)i * n + j;
                float* ri = rowBias == null ? null : rowBias + i, cj = colBias == null ? null : colBias + j;
                switch (rows)
                {
                    case 4: BroadcastTile<TS, TV, Four>(vectors, ai, aRow, aCol, bj, ldb, cij, n, k, lastMask, lastFull, accumulate, ri, cj); break;
                    case 3: BroadcastTile<TS, TV, Three>(vectors, ai, aRow, aCol, bj, ldb, cij, n, k, lastMask, lastFull, accumulate, ri, cj); break;
                    case 2: BroadcastTile<TS, TV, Two>(vectors, ai, aRow, aCol, bj, ldb, cij, n, k, lastMask, lastFull, accumulate, ri, cj); break;
                    default: BroadcastTile<TS, TV, One>(vectors, ai, aRow, aCol, bj, ldb, cij, n, k, lastMask, lastFull, accumulate, ri, cj); break;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BroadcastTile<TS, TV, TR>(int vectors, float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, nint ldc,
        int k, TV lastMask, bool lastFull, bool accumulate, float* rowBias, float* colBias) where TS : ISimd<TV> where TV : struct where TR : ICount
    {
        switch (vectors)
        {
            case 4: GemmTiles.Broadcast<TS, TV, TR, Four>(a, aRow, aCol, b, ldb, c, ldc, k, lastMask, lastFull, accumulate, rowBias, colBias); break;
            case 3: GemmTiles.Broadcast<TS, TV, TR, Three>(a, aRow, aCol, b, ldb, c, ldc, k, lastMask, lastFull, accumulate, rowBias, colBias); break;
            case 2: GemmTiles.Broadcast<TS, TV, TR, Two>(a, aRow, aCol, b, ldb, c, ldc, k, lastMask, lastFull, accumulate, rowBias, colBias); break;
            default: GemmTiles.Broadcast<TS, TV, TR, One>(a, aRow, aCol, b, ldb, c, ldc, k, lastMask, lastFull, accumulate, rowBias, colBias); break;
        }
    }

    /// <summary>C = A·Bᵀ as 4 × 4 blocks of dot products along K (A row i at a + i·K, B row j at b + j·K).</summary>
    private static void DotProduct<TS, TV>(float* a, float* b, float* c, int m, int k, int n, bool accumulate,
        int batch = 1, nint aBatch = 0, nint bBatch = 0) where TS : ISimd<TV> where TV : struct
    {
        for (int i = 0; i < m; i += 4)
        {
            int rows = Math.Min(4, m - i);
            for (int j = 0; j < n; j += 4)
            {
                int cols = Math.Min(4, n - j);
                float* ai = a + (nint)i * k, bj = b + (nint)j * k, cij = c + (nint)i * n + j;
                switch (rows)
                {
                    case 4: DotTile<TS, TV, Four>(cols, ai, bj, cij, n, k, accumulate, batch, aBatch, bBatch); break;
                    case 3: DotTile<TS, TV, Three>(cols, ai, bj, cij, n, k, accumulate, batch, aBatch, bBatch); break;
                    case 2: DotTile<TS, TV, Two>(cols, ai, bj, cij, n, k, accumulate, batch, aBatch, bBatch); break;
                    default: DotTile<TS, TV, One>(cols, ai, bj, cij, n, k, accumulate, batch, aBatch, bBatch); break;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotTile<TS, TV, TR>(int cols, float* a, float* b, float* c, nint ldc, int k, bool accumulate,
        int batch, nint aBatch, nint bBatch) where TS : ISimd<TV> where TV : struct where TR : ICount
    {
        switch (cols)
        {
            case 4: GemmTiles.Dot<TS, TV, TR, Four>(a, k, b, k, c, ldc, k, accumulate, batch, aBatch, bBatch); break;
            case 3: GemmTiles.Dot<TS, TV, TR, Three>(a, k, b, k, c, ldc, k, accumulate, batch, aBatch, bBatch); break;
            case 2: GemmTiles.Dot<TS, TV, TR, Two>(a, k, b, k, c, ldc, k, accumulate, batch, aBatch, bBatch); break;
            default: GemmTiles.Dot<TS, TV, TR, One>(a, k, b, k, c, ldc, k, accumulate, batch, aBatch, bBatch); break;
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
