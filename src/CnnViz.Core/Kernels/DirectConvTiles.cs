using System.Runtime.CompilerServices;

namespace CnnViz.Core.Kernels;

/// <summary>
/// The register tiles of <see cref="DirectConv"/>. Like <see cref="GemmTiles"/>, each is written once, generic
/// over the vector width (<see cref="ISimd{TV}"/>) and the tile size (<see cref="ICount"/>); the JIT compiles a
/// copy per shape with the branches it does not use removed. All loads are plain ones (see <see cref="PaddedRows"/>).
/// </summary>
internal static unsafe class DirectConvTiles
{
    /// <summary>
    /// Forward, F ≤ 6 filters × Q ≤ 4 output vectors: y[m, i, j..j+lanes) = b[m] + Σ_c Σ_s Σ_t w[m,c,s,t] · xp[c, i·SH+s, t+j..].
    /// Vector q of the tile reads xp at xp + o_q (o_0 = 0) and is stored at y + yo_q of each filter's plane;
    /// the caller lays the Q vectors out as rows × vectors per row. For each tap (c, s, t) it loads Q vectors
    /// of xp and, for each filter, broadcasts w[m,c,s,t] for Q FMAs: F·Q FMAs per Q loads + F broadcasts,
    /// with the F·Q sums in registers for all C·FH·FW taps. Filter f's weights are at w + f·k, its plane at y + f·ldy.
    /// Stores are plain, or masked with <paramref name="storeMask"/> when <paramref name="masked"/> (rows shorter than a vector).
    /// </summary>
    public static void Forward<TS, TV, TF, TQ>(float* w, nint k, float* bias, float* xp, nint o1, nint o2, nint o3,
        int channels, nint channelStride, int fh, nint rowStride, int fw,
        float* y, nint ldy, nint y1, nint y2, nint y3, TV storeMask, bool masked)
        where TS : ISimd<TV> where TV : struct where TF : ICount where TQ : ICount
    {
        int filters = TF.Value, vecs = TQ.Value;
        TV a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23;   // filter f, vector q
        TV a30, a31, a32, a33, a40, a41, a42, a43, a50, a51, a52, a53;
        a00 = a01 = a02 = a03 = TS.Broadcast(bias[0]);
        a10 = a11 = a12 = a13 = filters > 1 ? TS.Broadcast(bias[1]) : TS.Zero;
        a20 = a21 = a22 = a23 = filters > 2 ? TS.Broadcast(bias[2]) : TS.Zero;
        a30 = a31 = a32 = a33 = filters > 3 ? TS.Broadcast(bias[3]) : TS.Zero;
        a40 = a41 = a42 = a43 = filters > 4 ? TS.Broadcast(bias[4]) : TS.Zero;
        a50 = a51 = a52 = a53 = filters > 5 ? TS.Broadcast(bias[5]) : TS.Zero;
        for (int c = 0; c < channels; c++)
            for (int s = 0; s < fh; s++)
            {
                float* xr = xp + c * channelStride + s * rowStride;
                float* wt = w + (c * fh + s) * fw;
                for (int t = 0; t < fw; t++, xr++, wt++)
                {
                    TV b0 = TS.Load(xr);
                    TV b1 = vecs > 1 ? TS.Load(xr + o1) : TS.Zero;
                    TV b2 = vecs > 2 ? TS.Load(xr + o2) : TS.Zero;
                    TV b3 = vecs > 3 ? TS.Load(xr + o3) : TS.Zero;
                    TV x;
                    x = TS.Broadcast(wt[0]);
                    a00 = TS.MultiplyAdd(x, b0, a00);
                    if (vecs > 1) a01 = TS.MultiplyAdd(x, b1, a01);
                    if (vecs > 2) a02 = TS.MultiplyAdd(x, b2, a02);
                    if (vecs > 3) a03 = TS.MultiplyAdd(x, b3, a03);
                    if (filters > 1)
                    {
                        x = TS.Broadcast(wt[1 * k]);
                        a10 = TS.MultiplyAdd(x, b0, a10);
                        if (vecs > 1) a11 = TS.MultiplyAdd(x, b1, a11);
                        if (vecs > 2) a12 = TS.MultiplyAdd(x, b2, a12);
                        if (vecs > 3) a13 = TS.MultiplyAdd(x, b3, a13);
                    }
                    if (filters > 2)
                    {
                        x = TS.Broadcast(wt[2 * k]);
                        a20 = TS.MultiplyAdd(x, b0, a20);
                        if (vecs > 1) a21 = TS.MultiplyAdd(x, b1, a21);
                        if (vecs > 2) a22 = TS.MultiplyAdd(x, b2, a22);
                        if (vecs > 3) a23 = TS.MultiplyAdd(x, b3, a23);
                    }
                    if (filters > 3)
                    {
                        x = TS.Broadcast(wt[3 * k]);
                        a30 = TS.MultiplyAdd(x, b0, a30);
                        if (vecs > 1) a31 = TS.MultiplyAdd(x, b1, a31);
                        if (vecs > 2) a32 = TS.MultiplyAdd(x, b2, a32);
                        if (vecs > 3) a33 = TS.MultiplyAdd(x, b3, a33);
                    }
                    if (filters > 4)
                    {
                        x = TS.Broadcast(wt[4 * k]);
                        a40 = TS.MultiplyAdd(x, b0, a40);
                        if (vecs > 1) a41 = TS.MultiplyAdd(x, b1, a41);
                        if (vecs > 2) a42 = TS.MultiplyAdd(x, b2, a42);
                        if (vecs > 3) a43 = TS.MultiplyAdd(x, b3, a43);
                    }
                    if (filters > 5)
                    {
                        x = TS.Broadcast(wt[5 * k]);
                        a50 = TS.MultiplyAdd(x, b0, a50);
                        if (vecs > 1) a51 = TS.MultiplyAdd(x, b1, a51);
                        if (vecs > 2) a52 = TS.MultiplyAdd(x, b2, a52);
                        if (vecs > 3) a53 = TS.MultiplyAdd(x, b3, a53);
                    }
                }
            }
        StoreFilter<TS, TV, TQ>(y + 0 * ldy, a00, a01, a02, a03, y1, y2, y3, storeMask, masked);
        if (filters > 1) StoreFilter<TS, TV, TQ>(y + 1 * ldy, a10, a11, a12, a13, y1, y2, y3, storeMask, masked);
        if (filters > 2) StoreFilter<TS, TV, TQ>(y + 2 * ldy, a20, a21, a22, a23, y1, y2, y3, storeMask, masked);
        if (filters > 3) StoreFilter<TS, TV, TQ>(y + 3 * ldy, a30, a31, a32, a33, y1, y2, y3, storeMask, masked);
        if (filters > 4) StoreFilter<TS, TV, TQ>(y + 4 * ldy, a40, a41, a42, a43, y1, y2, y3, storeMask, masked);
        if (filters > 5) StoreFilter<TS, TV, TQ>(y + 5 * ldy, a50, a51, a52, a53, y1, y2, y3, storeMask, masked);
    }

    /// <summary>
    /// Weight gradient, F ≤ 6 filters × T ≤ 4 taps: dW[m, p] += Σ_n Σ_i Σ_v dyp[n, m, i, v·lanes..] · xp[n, tap p's row of output row i, v·lanes..]
    /// (tap p = (c, s, t) reads xp[c, i·SH + s, t + j]). Tap q's xp row starts at x + o_q (o_0 = 0) for output row 0;
    /// output row i adds i·<paramref name="xRow"/> (SH·S), sample n adds n·<paramref name="xBatch"/>. Filter f's dyp is at
    /// dy + f·ldd; one sample's dyp rows are contiguous (rows·vectors vectors), the next sample's at + <paramref name="dyBatch"/>.
    /// Per step: F + T loads, F·T FMAs; the sums stay in registers over the whole batch of samples and are
    /// reduced across lanes once (dyp's zeros past OW cancel whatever xp holds there).
    /// </summary>
    public static void WeightGrad<TS, TV, TF, TT>(float* dy, nint ldd, float* x, nint o1, nint o2, nint o3,
        int rows, nint xRow, int vectors, int batch, nint dyBatch, nint xBatch, float* dw, nint ldw)
        where TS : ISimd<TV> where TV : struct where TF : ICount where TT : ICount
    {
        int filters = TF.Value, taps = TT.Value, lanes = TS.Lanes;
        TV s00 = TS.Zero, s01 = TS.Zero, s02 = TS.Zero, s03 = TS.Zero;   // filter f · tap q
        TV s10 = TS.Zero, s11 = TS.Zero, s12 = TS.Zero, s13 = TS.Zero;
        TV s20 = TS.Zero, s21 = TS.Zero, s22 = TS.Zero, s23 = TS.Zero;
        TV s30 = TS.Zero, s31 = TS.Zero, s32 = TS.Zero, s33 = TS.Zero;
        TV s40 = TS.Zero, s41 = TS.Zero, s42 = TS.Zero, s43 = TS.Zero;
        TV s50 = TS.Zero, s51 = TS.Zero, s52 = TS.Zero, s53 = TS.Zero;
        for (int n = 0; n < batch; n++)
        {
            float* dr = dy + n * dyBatch, xrow = x + n * xBatch;
            for (int i = 0; i < rows; i++, xrow += xRow)
                for (int v = 0; v < vectors; v++, dr += lanes)
                {
                    float* xr = xrow + v * lanes;
                    TV x0 = TS.Load(xr);
                    TV x1 = taps > 1 ? TS.Load(xr + o1) : TS.Zero;
                    TV x2 = taps > 2 ? TS.Load(xr + o2) : TS.Zero;
                    TV x3 = taps > 3 ? TS.Load(xr + o3) : TS.Zero;
                    TV d;
                    d = TS.Load(dr);
                    s00 = TS.MultiplyAdd(d, x0, s00);
                    if (taps > 1) s01 = TS.MultiplyAdd(d, x1, s01);
                    if (taps > 2) s02 = TS.MultiplyAdd(d, x2, s02);
                    if (taps > 3) s03 = TS.MultiplyAdd(d, x3, s03);
                    if (filters > 1)
                    {
                        d = TS.Load(dr + 1 * ldd);
                        s10 = TS.MultiplyAdd(d, x0, s10);
                        if (taps > 1) s11 = TS.MultiplyAdd(d, x1, s11);
                        if (taps > 2) s12 = TS.MultiplyAdd(d, x2, s12);
                        if (taps > 3) s13 = TS.MultiplyAdd(d, x3, s13);
                    }
                    if (filters > 2)
                    {
                        d = TS.Load(dr + 2 * ldd);
                        s20 = TS.MultiplyAdd(d, x0, s20);
                        if (taps > 1) s21 = TS.MultiplyAdd(d, x1, s21);
                        if (taps > 2) s22 = TS.MultiplyAdd(d, x2, s22);
                        if (taps > 3) s23 = TS.MultiplyAdd(d, x3, s23);
                    }
                    if (filters > 3)
                    {
                        d = TS.Load(dr + 3 * ldd);
                        s30 = TS.MultiplyAdd(d, x0, s30);
                        if (taps > 1) s31 = TS.MultiplyAdd(d, x1, s31);
                        if (taps > 2) s32 = TS.MultiplyAdd(d, x2, s32);
                        if (taps > 3) s33 = TS.MultiplyAdd(d, x3, s33);
                    }
                    if (filters > 4)
                    {
                        d = TS.Load(dr + 4 * ldd);
                        s40 = TS.MultiplyAdd(d, x0, s40);
                        if (taps > 1) s41 = TS.MultiplyAdd(d, x1, s41);
                        if (taps > 2) s42 = TS.MultiplyAdd(d, x2, s42);
                        if (taps > 3) s43 = TS.MultiplyAdd(d, x3, s43);
                    }
                    if (filters > 5)
                    {
                        d = TS.Load(dr + 5 * ldd);
                        s50 = TS.MultiplyAdd(d, x0, s50);
                        if (taps > 1) s51 = TS.MultiplyAdd(d, x1, s51);
                        if (taps > 2) s52 = TS.MultiplyAdd(d, x2, s52);
                        if (taps > 3) s53 = TS.MultiplyAdd(d, x3, s53);
                    }
                }
            }
        AddSums<TS, TV, TT>(dw + 0 * ldw, s00, s01, s02, s03);
        if (filters > 1) AddSums<TS, TV, TT>(dw + 1 * ldw, s10, s11, s12, s13);
        if (filters > 2) AddSums<TS, TV, TT>(dw + 2 * ldw, s20, s21, s22, s23);
        if (filters > 3) AddSums<TS, TV, TT>(dw + 3 * ldw, s30, s31, s32, s33);
        if (filters > 4) AddSums<TS, TV, TT>(dw + 4 * ldw, s40, s41, s42, s43);
        if (filters > 5) AddSums<TS, TV, TT>(dw + 5 * ldw, s50, s51, s52, s53);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFilter<TS, TV, TQ>(float* y, TV v0, TV v1, TV v2, TV v3, nint y1, nint y2, nint y3, TV mask, bool masked)
        where TS : ISimd<TV> where TV : struct where TQ : ICount
    {
        Simd.Store<TS, TV>(y, v0, mask, masked);
        if (TQ.Value > 1) Simd.Store<TS, TV>(y + y1, v1, mask, masked);
        if (TQ.Value > 2) Simd.Store<TS, TV>(y + y2, v2, mask, masked);
        if (TQ.Value > 3) Simd.Store<TS, TV>(y + y3, v3, mask, masked);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSums<TS, TV, TT>(float* row, TV v0, TV v1, TV v2, TV v3) where TS : ISimd<TV> where TV : struct where TT : ICount
    {
        row[0] += TS.Sum(v0);
        if (TT.Value > 1) row[1] += TS.Sum(v1);
        if (TT.Value > 2) row[2] += TS.Sum(v2);
        if (TT.Value > 3) row[3] += TS.Sum(v3);
    }
}
