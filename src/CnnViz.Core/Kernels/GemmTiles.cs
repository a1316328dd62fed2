using System.Runtime.CompilerServices;

namespace CnnViz.Core.Kernels;

/// <summary>
/// The register-blocked inner kernels of <see cref="Gemm"/>. Each computes one small tile of C entirely
/// in registers and touches C's memory once, at the end. They are generic over the vector width
/// (<see cref="ISimd{TV}"/>), over the tile size (<see cref="ICount"/>) and over how the last vector column
/// is handled (<see cref="IEdge"/>), so one body serves every tile shape and edge; the JIT drops the
/// branches that a given instantiation does not use.
/// </summary>
internal static unsafe class GemmTiles
{
    /// <summary>
    /// "Broadcast A, stream B": a tile of R rows × V vectors of C (R ≤ 6, V ≤ 4; which shapes run is
    /// <see cref="ISimd{TV}.TileRows"/> × <see cref="ISimd{TV}.TileVectors"/> per width).
    /// For each p, loads V vectors of B's row p and, for each row r, broadcasts A(r, p) and does V FMAs:
    /// R·V FMAs per V loads + R broadcasts, with R·V accumulators held in registers throughout.
    /// A(r, p) is read at a[r·aRow + p·aCol], which covers both A (aRow = K, aCol = 1) and Aᵀ (aRow = 1, aCol = M).
    /// B(p, j) is at b[p·ldb + j].
    /// <para>The last vector column: with <see cref="MaskedEdge"/> it is loaded and stored under
    /// <paramref name="edgeMask"/> (only for rows shorter than one vector: vmaskmov is slow, on AMD especially).
    /// With <see cref="PlainEdge"/> every load and store is a plain one; when <paramref name="shifted"/>, the tile
    /// is the row's last vector moved left to end at the row's end, and the lanes in <paramref name="edgeMask"/>
    /// (those another tile owns) keep what C holds: one blend at the store instead of masks in the K loop.</para>
    /// A bias, when given, is where the sums start: rowBias[r] for every element of row r (a conv filter's
    /// bias), or colBias[j] for every element of column j (a dense layer's bias); null for none.
    /// </summary>
    public static void Broadcast<TS, TV, TR, TC, TE>(float* a, nint aRow, nint aCol, float* b, nint ldb,
        float* c, nint ldc, int k, TV edgeMask, bool shifted, bool accumulate, float* rowBias, float* colBias)
        where TS : ISimd<TV> where TV : struct where TR : ICount where TC : ICount where TE : IEdge
    {
        int rows = TR.Value, vecs = TC.Value;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero; // row 0, vectors 0..3
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c42 = TS.Zero, c43 = TS.Zero;
        TV c50 = TS.Zero, c51 = TS.Zero, c52 = TS.Zero, c53 = TS.Zero;
        if (rowBias != null)
        {
            c00 = c01 = c02 = c03 = TS.Broadcast(rowBias[0]);
            if (rows > 1) c10 = c11 = c12 = c13 = TS.Broadcast(rowBias[1]);
            if (rows > 2) c20 = c21 = c22 = c23 = TS.Broadcast(rowBias[2]);
            if (rows > 3) c30 = c31 = c32 = c33 = TS.Broadcast(rowBias[3]);
            if (rows > 4) c40 = c41 = c42 = c43 = TS.Broadcast(rowBias[4]);
            if (rows > 5) c50 = c51 = c52 = c53 = TS.Broadcast(rowBias[5]);
        }
        else if (colBias != null)
        {
            c00 = c10 = c20 = c30 = c40 = c50 = Load<TS, TV, TC, TE>(colBias, 0, edgeMask);
            if (vecs > 1) c01 = c11 = c21 = c31 = c41 = c51 = Load<TS, TV, TC, TE>(colBias, 1, edgeMask);
            if (vecs > 2) c02 = c12 = c22 = c32 = c42 = c52 = Load<TS, TV, TC, TE>(colBias, 2, edgeMask);
            if (vecs > 3) c03 = c13 = c23 = c33 = c43 = c53 = Load<TS, TV, TC, TE>(colBias, 3, edgeMask);
        }
        for (int p = 0; p < k; p++)
        {
            float* bp = b + p * ldb;
            float* ap = a + p * aCol;
            TV b0 = Load<TS, TV, TC, TE>(bp, 0, edgeMask);
            TV b1 = vecs > 1 ? Load<TS, TV, TC, TE>(bp, 1, edgeMask) : TS.Zero;
            TV b2 = vecs > 2 ? Load<TS, TV, TC, TE>(bp, 2, edgeMask) : TS.Zero;
            TV b3 = vecs > 3 ? Load<TS, TV, TC, TE>(bp, 3, edgeMask) : TS.Zero;
            TV x;
            x = TS.Broadcast(ap[0]);
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
            if (rows > 4)
            {
                x = TS.Broadcast(ap[4 * aRow]);
                c40 = TS.MultiplyAdd(x, b0, c40);
                if (vecs > 1) c41 = TS.MultiplyAdd(x, b1, c41);
                if (vecs > 2) c42 = TS.MultiplyAdd(x, b2, c42);
                if (vecs > 3) c43 = TS.MultiplyAdd(x, b3, c43);
            }
            if (rows > 5)
            {
                x = TS.Broadcast(ap[5 * aRow]);
                c50 = TS.MultiplyAdd(x, b0, c50);
                if (vecs > 1) c51 = TS.MultiplyAdd(x, b1, c51);
                if (vecs > 2) c52 = TS.MultiplyAdd(x, b2, c52);
                if (vecs > 3) c53 = TS.MultiplyAdd(x, b3, c53);
            }
        }
        StoreRow<TS, TV, TC, TE>(c, c00, c01, c02, c03, edgeMask, shifted, accumulate);
        if (rows > 1) StoreRow<TS, TV, TC, TE>(c + ldc, c10, c11, c12, c13, edgeMask, shifted, accumulate);
        if (rows > 2) StoreRow<TS, TV, TC, TE>(c + 2 * ldc, c20, c21, c22, c23, edgeMask, shifted, accumulate);
        if (rows > 3) StoreRow<TS, TV, TC, TE>(c + 3 * ldc, c30, c31, c32, c33, edgeMask, shifted, accumulate);
        if (rows > 4) StoreRow<TS, TV, TC, TE>(c + 4 * ldc, c40, c41, c42, c43, edgeMask, shifted, accumulate);
        if (rows > 5) StoreRow<TS, TV, TC, TE>(c + 5 * ldc, c50, c51, c52, c53, edgeMask, shifted, accumulate);
    }

    /// <summary>
    /// "Dot products along K", for C = A·Bᵀ with long rows: C(r, s) = Σ_p A(r, p)·B(s, p) for a tile of
    /// R rows of A × S rows of B (≤ 4 × 4; <see cref="ISimd{TV}.DotRows"/> × <see cref="ISimd{TV}.DotCols"/> per width).
    /// Both operands are read contiguously along p, one vector at a time; the R·S partial sums stay in
    /// registers and are reduced across lanes once, at the end (so this pays off only when K spans many vectors).
    /// When K is not a multiple of the width, the last step is a plain load of the vector that ends at K,
    /// with the lanes already summed zeroed in A's vectors (one AND, no masked load); only K shorter than
    /// one vector uses masked loads. With <paramref name="batch"/> &gt; 1 it sums the products of several
    /// pairs (A_s at a + s·aBatch, B_s at b + s·bBatch) in the same registers: one lane reduction for the whole batch.
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
        int whole = k / lanes, rest = k - whole * lanes;
        bool shortK = whole == 0;                        // K < one vector: masked loads, the only way to stay in bounds
        int steps = whole + (rest > 0 ? 1 : 0);
        TV all = TS.FirstLanes(lanes);
        TV tailMask = shortK ? TS.FirstLanes(rest) : TS.LaneRange(lanes - rest, lanes);   // lanes of the last step not yet summed
        for (int pair = 0; pair < batch; pair++, a += aBatch, b += bBatch)
        for (int step = 0; step < steps; step++)
        {
            bool tail = step == whole;                   // only when K is not a multiple of the width
            nint p = tail ? (shortK ? 0 : k - lanes) : step * lanes;
            TV mask = tail ? tailMask : all;
            TV b0 = LoadK<TS, TV>(b + p, shortK, mask);
            TV b1 = cols > 1 ? LoadK<TS, TV>(b + ldb + p, shortK, mask) : TS.Zero;
            TV b2 = cols > 2 ? LoadK<TS, TV>(b + 2 * ldb + p, shortK, mask) : TS.Zero;
            TV b3 = cols > 3 ? LoadK<TS, TV>(b + 3 * ldb + p, shortK, mask) : TS.Zero;
            TV x;
            x = TS.And(LoadK<TS, TV>(a + p, shortK, mask), mask);   // zero the lanes summed already
            s00 = TS.MultiplyAdd(x, b0, s00);
            if (cols > 1) s01 = TS.MultiplyAdd(x, b1, s01);
            if (cols > 2) s02 = TS.MultiplyAdd(x, b2, s02);
            if (cols > 3) s03 = TS.MultiplyAdd(x, b3, s03);
            if (rows > 1)
            {
                x = TS.And(LoadK<TS, TV>(a + lda + p, shortK, mask), mask);
                s10 = TS.MultiplyAdd(x, b0, s10);
                if (cols > 1) s11 = TS.MultiplyAdd(x, b1, s11);
                if (cols > 2) s12 = TS.MultiplyAdd(x, b2, s12);
                if (cols > 3) s13 = TS.MultiplyAdd(x, b3, s13);
            }
            if (rows > 2)
            {
                x = TS.And(LoadK<TS, TV>(a + 2 * lda + p, shortK, mask), mask);
                s20 = TS.MultiplyAdd(x, b0, s20);
                if (cols > 1) s21 = TS.MultiplyAdd(x, b1, s21);
                if (cols > 2) s22 = TS.MultiplyAdd(x, b2, s22);
                if (cols > 3) s23 = TS.MultiplyAdd(x, b3, s23);
            }
            if (rows > 3)
            {
                x = TS.And(LoadK<TS, TV>(a + 3 * lda + p, shortK, mask), mask);
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
    private static TV LoadK<TS, TV>(float* p, bool masked, TV mask) where TS : ISimd<TV> where TV : struct
        => masked ? TS.LoadMasked(p, mask) : TS.Load(p);

    /// <summary>Vector v of a tile row: the last one (v = V − 1) is masked with <see cref="MaskedEdge"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Load<TS, TV, TC, TE>(float* row, int v, TV edgeMask) where TS : ISimd<TV> where TV : struct where TC : ICount where TE : IEdge
        => TE.Masked && v == TC.Value - 1 ? TS.LoadMasked(row + v * TS.Lanes, edgeMask) : TS.Load(row + v * TS.Lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TS, TV, TC, TE>(float* row, int v, TV value, TV edgeMask, bool shifted, bool accumulate)
        where TS : ISimd<TV> where TV : struct where TC : ICount where TE : IEdge
    {
        float* at = row + v * TS.Lanes;
        bool last = v == TC.Value - 1;
        if (TE.Masked && last)
        {
            if (accumulate) value = TS.Add(value, TS.LoadMasked(at, edgeMask));
            TS.StoreMasked(at, value, edgeMask);
            return;
        }
        if (!accumulate && !(shifted && last))
        {
            TS.Store(at, value);
            return;
        }
        TV old = TS.Load(at);
        if (accumulate) value = TS.Add(value, old);
        if (shifted && last) value = TS.Select(edgeMask, old, value);   // lanes owned by the tile to the left keep their value
        TS.Store(at, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TS, TV, TC, TE>(float* row, TV v0, TV v1, TV v2, TV v3, TV edgeMask, bool shifted, bool accumulate)
        where TS : ISimd<TV> where TV : struct where TC : ICount where TE : IEdge
    {
        Store<TS, TV, TC, TE>(row, 0, v0, edgeMask, shifted, accumulate);
        if (TC.Value > 1) Store<TS, TV, TC, TE>(row, 1, v1, edgeMask, shifted, accumulate);
        if (TC.Value > 2) Store<TS, TV, TC, TE>(row, 2, v2, edgeMask, shifted, accumulate);
        if (TC.Value > 3) Store<TS, TV, TC, TE>(row, 3, v3, edgeMask, shifted, accumulate);
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
