using System.Runtime.CompilerServices;

namespace CnnViz.Core.Kernels;

/// <summary>
/// The register-blocked inner kernels of <see cref="Gemm"/>. Each computes one small tile of C entirely
/// in registers and touches C's memory once, at the end. They are generic over the vector width
/// (<see cref="ISimd{TV}"/>) and over the tile size (<see cref="ICount"/>), so one body serves every
/// edge tile; the JIT drops the branches that a given size does not use.
/// </summary>
internal static unsafe class GemmTiles
{
    /// <summary>
    /// "Broadcast A, stream B": a tile of R rows × V vectors of C (up to 4 × 64 floats with AVX-512).
    /// For each p, loads V vectors of B's row p and, for each row r, broadcasts A(r, p) and does V FMAs:
    /// R·V FMAs per V loads + R broadcasts, with R·V accumulators (≤ 16) held in registers throughout.
    /// A(r, p) is read at a[r·aRow + p·aCol], which covers both A (aRow = K, aCol = 1) and Aᵀ (aRow = 1, aCol = M).
    /// B(p, j) is at b[p·ldb + j]. Unless <paramref name="lastFull"/>, the last of the V vectors is loaded and
    /// stored under <paramref name="lastMask"/>, so a tile never reads or writes past the end of a row.
    /// A bias, when given, is where the sums start: rowBias[r] for every element of row r (a conv filter's
    /// bias), or colBias[j] for every element of column j (a dense layer's bias); null for none.
    /// </summary>
    public static void Broadcast<TS, TV, TR, TC>(float* a, nint aRow, nint aCol, float* b, nint ldb,
        float* c, nint ldc, int k, TV lastMask, bool lastFull, bool accumulate, float* rowBias, float* colBias)
        where TS : ISimd<TV> where TV : struct where TR : ICount where TC : ICount
    {
        int rows = TR.Value, vecs = TC.Value;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero; // row 0, vectors 0..3
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        if (rowBias != null)
        {
            c00 = c01 = c02 = c03 = TS.Broadcast(rowBias[0]);
            if (rows > 1) c10 = c11 = c12 = c13 = TS.Broadcast(rowBias[1]);
            if (rows > 2) c20 = c21 = c22 = c23 = TS.Broadcast(rowBias[2]);
            if (rows > 3) c30 = c31 = c32 = c33 = TS.Broadcast(rowBias[3]);
        }
        else if (colBias != null)
        {
            c00 = c10 = c20 = c30 = Load<TS, TV, TC>(colBias, 0, lastMask, lastFull);
            if (vecs > 1) c01 = c11 = c21 = c31 = Load<TS, TV, TC>(colBias, 1, lastMask, lastFull);
            if (vecs > 2) c02 = c12 = c22 = c32 = Load<TS, TV, TC>(colBias, 2, lastMask, lastFull);
            if (vecs > 3) c03 = c13 = c23 = c33 = Load<TS, TV, TC>(colBias, 3, lastMask, lastFull);
        }
        for (int p = 0; p < k; p++)
        {
            float* bp = b + p * ldb;
            float* ap = a + p * aCol;
            TV b0 = Load<TS, TV, TC>(bp, 0, lastMask, lastFull);
            TV b1 = vecs > 1 ? Load<TS, TV, TC>(bp, 1, lastMask, lastFull) : TS.Zero;
            TV b2 = vecs > 2 ? Load<TS, TV, TC>(bp, 2, lastMask, lastFull) : TS.Zero;
            TV b3 = vecs > 3 ? Load<TS, TV, TC>(bp, 3, lastMask, lastFull) : TS.Zero;

            TV x = TS.Broadcast(ap[0]);
            c00 = TS.MultiplyAdd(x, b0, c00);
            if (vecs > 1) c01 = TS.MultiplyAdd(x, b1, c01);
            if (vecs > 2) c02 = TS.MultiplyAdd(x, b2, c02);
            if (vecs > 3) c03 = TS.MultiplyAdd(x, b3, c03);
            if (rows > 1)
            {
                x = TS.Broadcast(ap[aRow]);
                c10 = TS.MultiplyAdd(x, b0, c10);
                if (vecs > 1) c11 = TS.MultiplyAdd(x, b1, c11);
                if (vecs > 2) c12 = TS.MultiplyAdd(x, b2, c12);
                if (vecs > 3) c13 = TS.MultiplyAdd(x, b3, c13);
            }
            if (rows > 2)
            {
                x = TS.Broadcast(ap[2 * aRow]);
                c20 = TS.MultiplyAdd(x, b0, c20);
                if (vecs > 1) c21 = TS.MultiplyAdd(x, b1, c21);
                if (vecs > 2) c22 = TS.MultiplyAdd(x, b2, c22);
                if (vecs > 3) c23 = TS.MultiplyAdd(x, b3, c23);
            }
            if (rows > 3)
            {
                x = TS.Broadcast(ap[3 * aRow]);
                c30 = TS.MultiplyAdd(x, b0, c30);
                if (vecs > 1) c31 = TS.MultiplyAdd(x, b1, c31);
                if (vecs > 2) c32 = TS.MultiplyAdd(x, b2, c32);
                if (vecs > 3) c33 = TS.MultiplyAdd(x, b3, c33);
            }
        }
        StoreRow<TS, TV, TC>(c, c00, c01, c02, c03, lastMask, accumulate);
        if (rows > 1) StoreRow<TS, TV, TC>(c + ldc, c10, c11, c12, c13, lastMask, accumulate);
        if (rows > 2) StoreRow<TS, TV, TC>(c + 2 * ldc, c20, c21, c22, c23, lastMask, accumulate);
        if (rows > 3) StoreRow<TS, TV, TC>(c + 3 * ldc, c30, c31, c32, c33, lastMask, accumulate);
    }

    /// <summary>
    /// "Dot products along K", for C = A·Bᵀ with long rows: C(r, s) = Σ_p A(r, p)·B(s, p) for a tile of
    /// R rows of A × S rows of B. Both operands are read contiguously along p, one vector at a time; the
    /// R·S partial sums stay in registers and are reduced across lanes once, at the end (so this pays off
    /// only when K spans many vectors). The last step along K uses a mask, so no element past K is read.
    /// With <paramref name="batch"/> &gt; 1 it sums the products of several pairs (A_s at a + s·aBatch,
    /// B_s at b + s·bBatch) in the same registers: one lane reduction for the whole batch.
    /// </summary>
    public static void Dot<TS, TV, TR, TC>(float* a, nint lda, float* b, nint ldb, float* c, nint ldc, int k, bool accumulate,
        int batch = 1, nint aBatch = 0, nint bBatch = 0)
        where TS : ISimd<TV> where TV : struct where TR : ICount where TC : ICount
    {
        int rows = TR.Value, cols = TC.Value, lanes = TS.Lanes;
        TV s00 = TS.Zero, s01 = TS.Zero, s02 = TS.Zero, s03 = TS.Zero; // row r of A · row s of B
        TV s10 = TS.Zero, s11 = TS.Zero, s12 = TS.Zero, s13 = TS.Zero;
        TV s20 = TS.Zero, s21 = TS.Zero, s22 = TS.Zero, s23 = TS.Zero;
        TV s30 = TS.Zero, s31 = TS.Zero, s32 = TS.Zero, s33 = TS.Zero;
        TV all = TS.FirstLanes(lanes);
        for (int pair = 0; pair < batch; pair++, a += aBatch, b += bBatch)
        for (int p = 0; p < k; p += lanes)
        {
            bool full = k - p >= lanes;                    // only the last step along K needs a mask
            TV mask = full ? all : TS.FirstLanes(k - p);
            TV b0 = LoadK<TS, TV>(b + p, full, mask);
            TV b1 = cols > 1 ? LoadK<TS, TV>(b + ldb + p, full, mask) : TS.Zero;
            TV b2 = cols > 2 ? LoadK<TS, TV>(b + 2 * ldb + p, full, mask) : TS.Zero;
            TV b3 = cols > 3 ? LoadK<TS, TV>(b + 3 * ldb + p, full, mask) : TS.Zero;

            TV x = LoadK<TS, TV>(a + p, full, mask);
            s00 = TS.MultiplyAdd(x, b0, s00);
            if (cols > 1) s01 = TS.MultiplyAdd(x, b1, s01);
            if (cols > 2) s02 = TS.MultiplyAdd(x, b2, s02);
            if (cols > 3) s03 = TS.MultiplyAdd(x, b3, s03);
            if (rows > 1)
            {
                x = LoadK<TS, TV>(a + lda + p, full, mask);
                s10 = TS.MultiplyAdd(x, b0, s10);
                if (cols > 1) s11 = TS.MultiplyAdd(x, b1, s11);
                if (cols > 2) s12 = TS.MultiplyAdd(x, b2, s12);
                if (cols > 3) s13 = TS.MultiplyAdd(x, b3, s13);
            }
            if (rows > 2)
            {
                x = LoadK<TS, TV>(a + 2 * lda + p, full, mask);
                s20 = TS.MultiplyAdd(x, b0, s20);
                if (cols > 1) s21 = TS.MultiplyAdd(x, b1, s21);
                if (cols > 2) s22 = TS.MultiplyAdd(x, b2, s22);
                if (cols > 3) s23 = TS.MultiplyAdd(x, b3, s23);
            }
            if (rows > 3)
            {
                x = LoadK<TS, TV>(a + 3 * lda + p, full, mask);
                s30 = TS.MultiplyAdd(x, b0, s30);
                if (cols > 1) s31 = TS.MultiplyAdd(x, b1, s31);
                if (cols > 2) s32 = TS.MultiplyAdd(x, b2, s32);
                if (cols > 3) s33 = TS.MultiplyAdd(x, b3, s33);
            }
        }
        StoreSums<TS, TV, TC>(c, s00, s01, s02, s03, accumulate);
        if (rows > 1) StoreSums<TS, TV, TC>(c + ldc, s10, s11, s12, s13, accumulate);
        if (rows > 2) StoreSums<TS, TV, TC>(c + 2 * ldc, s20, s21, s22, s23, accumulate);
        if (rows > 3) StoreSums<TS, TV, TC>(c + 3 * ldc, s30, s31, s32, s33, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LoadK<TS, TV>(float* p, bool full, TV mask) where TS : ISimd<TV> where TV : struct
        => full ? TS.Load(p) : TS.LoadMasked(p, mask);

    /// <summary>Vector v of a tile row: the last one (v = V − 1) is masked unless the tile is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Load<TS, TV, TC>(float* row, int v, TV lastMask, bool lastFull) where TS : ISimd<TV> where TV : struct where TC : ICount
        => v == TC.Value - 1 && !lastFull ? TS.LoadMasked(row + v * TS.Lanes, lastMask) : TS.Load(row + v * TS.Lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TS, TV, TC>(float* row, int v, TV value, TV lastMask, bool accumulate)
        where TS : ISimd<TV> where TV : struct where TC : ICount
    {
        if (accumulate) value = TS.Add(value, Load<TS, TV, TC>(row, v, lastMask, false));
        if (v == TC.Value - 1) TS.StoreMasked(row + v * TS.Lanes, value, lastMask);
        else TS.Store(row + v * TS.Lanes, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TS, TV, TC>(float* row, TV v0, TV v1, TV v2, TV v3, TV lastMask, bool accumulate)
        where TS : ISimd<TV> where TV : struct where TC : ICount
    {
        Store<TS, TV, TC>(row, 0, v0, lastMask, accumulate);
        if (TC.Value > 1) Store<TS, TV, TC>(row, 1, v1, lastMask, accumulate);
        if (TC.Value > 2) Store<TS, TV, TC>(row, 2, v2, lastMask, accumulate);
        if (TC.Value > 3) Store<TS, TV, TC>(row, 3, v3, lastMask, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSums<TS, TV, TC>(float* row, TV v0, TV v1, TV v2, TV v3, bool accumulate)
        where TS : ISimd<TV> where TV : struct where TC : ICount
    {
        row[0] = TS.Sum(v0) + (accumulate ? row[0] : 0f);
        if (TC.Value > 1) row[1] = TS.Sum(v1) + (accumulate ? row[1] : 0f);
        if (TC.Value > 2) row[2] = TS.Sum(v2) + (accumulate ? row[2] : 0f);
        if (TC.Value > 3) row[3] = TS.Sum(v3) + (accumulate ? row[3] : 0f);
    }
}
