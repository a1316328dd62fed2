using System.Runtime.CompilerServices;

namespace CnnViz.Core.Kernels;

/// <summary>
/// Register tiles for <see cref="DirectConvFilterLanes"/>: the same direct convolution as <see cref="DirectConvTiles"/>,
/// with the vector lanes running over filters instead of output columns, so a layer with a multiple of 16 filters
/// (LeNet-5's conv2) wastes no lanes on rows 10 outputs wide. Every xp value is a broadcast from memory (a scalar
/// load, never split across cache lines); the filter vectors are plain loads of Wᵀ or dYᵀ rows.
/// </summary>
internal static unsafe partial class DirectConvFilterTiles
{
    /// <summary>
    /// Forward, R ≤ 2 output rows × J ≤ 12 output columns, one vector of filters m0..m0+lanes:
    /// yᵀ[(i, j), m] = b[m] + Σ_c Σ_s Σ_t wᵀ[(c,s,t), m] · xp[c, i·SH + s, j + t]. Per tap: one load of wᵀ's row and
    /// R·J broadcast FMAs (24 sums: 2 × 12 fills AVX-512's 32 registers with room for the weight vector).
    /// Output row r's xp row starts at x + r·<paramref name="xRow"/>; the sums are stored to
    /// <paramref name="yt"/>[(r·J + j)·lanes + lane] for the caller to transpose.
    /// </summary>
    public static void Forward<TS, TV, TR, TJ>(float* wt, nint ldw, float* bias, float* x, nint xRow,
        int channels, nint channelStride, int fh, nint rowStride, int fw, float* yt)
        where TS : ISimd<TV> where TV : struct where TR : ICount where TJ : ICount
    {
        int rows = TR.Value, cols = TJ.Value, lanes = TS.Lanes;
        TV b = TS.Load(bias);
        TV a0_0 = b, a0_1 = b, a0_2 = b, a0_3 = b, a0_4 = b, a0_5 = b, a0_6 = b, a0_7 = b, a0_8 = b, a0_9 = b, a0_10 = b, a0_11 = b;
        TV a1_0 = b, a1_1 = b, a1_2 = b, a1_3 = b, a1_4 = b, a1_5 = b, a1_6 = b, a1_7 = b, a1_8 = b, a1_9 = b, a1_10 = b, a1_11 = b;
        for (int c = 0; c < channels; c++)
            for (int s = 0; s < fh; s++)
            {
                float* x0 = x + c * channelStride + s * rowStride, x1 = x0 + xRow;
                float* w = wt + (c * fh + s) * fw * ldw;
                for (int t = 0; t < fw; t++, x0++, x1++, w += ldw)
                {
                    TV wv = TS.Load(w);
                    a0_0 = TS.MultiplyAdd(TS.Broadcast(x0[0]), wv, a0_0);
                    if (cols > 1) a0_1 = TS.MultiplyAdd(TS.Broadcast(x0[1]), wv, a0_1);
                    if (cols > 2) a0_2 = TS.MultiplyAdd(TS.Broadcast(x0[2]), wv, a0_2);
                    if (cols > 3) a0_3 = TS.MultiplyAdd(TS.Broadcast(x0[3]), wv, a0_3);
                    if (cols > 4) a0_4 = TS.MultiplyAdd(TS.Broadcast(x0[4]), wv, a0_4);
                    if (cols > 5) a0_5 = TS.MultiplyAdd(TS.Broadcast(x0[5]), wv, a0_5);
                    if (cols > 6) a0_6 = TS.MultiplyAdd(TS.Broadcast(x0[6]), wv, a0_6);
                    if (cols > 7) a0_7 = TS.MultiplyAdd(TS.Broadcast(x0[7]), wv, a0_7);
                    if (cols > 8) a0_8 = TS.MultiplyAdd(TS.Broadcast(x0[8]), wv, a0_8);
                    if (cols > 9) a0_9 = TS.MultiplyAdd(TS.Broadcast(x0[9]), wv, a0_9);
                    if (cols > 10) a0_10 = TS.MultiplyAdd(TS.Broadcast(x0[10]), wv, a0_10);
                    if (cols > 11) a0_11 = TS.MultiplyAdd(TS.Broadcast(x0[11]), wv, a0_11);
                    if (rows > 1) a1_0 = TS.MultiplyAdd(TS.Broadcast(x1[0]), wv, a1_0);
                    if (rows > 1 && cols > 1) a1_1 = TS.MultiplyAdd(TS.Broadcast(x1[1]), wv, a1_1);
                    if (rows > 1 && cols > 2) a1_2 = TS.MultiplyAdd(TS.Broadcast(x1[2]), wv, a1_2);
                    if (rows > 1 && cols > 3) a1_3 = TS.MultiplyAdd(TS.Broadcast(x1[3]), wv, a1_3);
                    if (rows > 1 && cols > 4) a1_4 = TS.MultiplyAdd(TS.Broadcast(x1[4]), wv, a1_4);
                    if (rows > 1 && cols > 5) a1_5 = TS.MultiplyAdd(TS.Broadcast(x1[5]), wv, a1_5);
                    if (rows > 1 && cols > 6) a1_6 = TS.MultiplyAdd(TS.Broadcast(x1[6]), wv, a1_6);
                    if (rows > 1 && cols > 7) a1_7 = TS.MultiplyAdd(TS.Broadcast(x1[7]), wv, a1_7);
                    if (rows > 1 && cols > 8) a1_8 = TS.MultiplyAdd(TS.Broadcast(x1[8]), wv, a1_8);
                    if (rows > 1 && cols > 9) a1_9 = TS.MultiplyAdd(TS.Broadcast(x1[9]), wv, a1_9);
                    if (rows > 1 && cols > 10) a1_10 = TS.MultiplyAdd(TS.Broadcast(x1[10]), wv, a1_10);
                    if (rows > 1 && cols > 11) a1_11 = TS.MultiplyAdd(TS.Broadcast(x1[11]), wv, a1_11);
                }
            }
        TS.Store(yt + (0 * cols + 0) * lanes, a0_0);
        if (cols > 1) TS.Store(yt + (0 * cols + 1) * lanes, a0_1);
        if (cols > 2) TS.Store(yt + (0 * cols + 2) * lanes, a0_2);
        if (cols > 3) TS.Store(yt + (0 * cols + 3) * lanes, a0_3);
        if (cols > 4) TS.Store(yt + (0 * cols + 4) * lanes, a0_4);
        if (cols > 5) TS.Store(yt + (0 * cols + 5) * lanes, a0_5);
        if (cols > 6) TS.Store(yt + (0 * cols + 6) * lanes, a0_6);
        if (cols > 7) TS.Store(yt + (0 * cols + 7) * lanes, a0_7);
        if (cols > 8) TS.Store(yt + (0 * cols + 8) * lanes, a0_8);
        if (cols > 9) TS.Store(yt + (0 * cols + 9) * lanes, a0_9);
        if (cols > 10) TS.Store(yt + (0 * cols + 10) * lanes, a0_10);
        if (cols > 11) TS.Store(yt + (0 * cols + 11) * lanes, a0_11);
        if (rows > 1) TS.Store(yt + (1 * cols + 0) * lanes, a1_0);
        if (rows > 1 && cols > 1) TS.Store(yt + (1 * cols + 1) * lanes, a1_1);
        if (rows > 1 && cols > 2) TS.Store(yt + (1 * cols + 2) * lanes, a1_2);
        if (rows > 1 && cols > 3) TS.Store(yt + (1 * cols + 3) * lanes, a1_3);
        if (rows > 1 && cols > 4) TS.Store(yt + (1 * cols + 4) * lanes, a1_4);
        if (rows > 1 && cols > 5) TS.Store(yt + (1 * cols + 5) * lanes, a1_5);
        if (rows > 1 && cols > 6) TS.Store(yt + (1 * cols + 6) * lanes, a1_6);
        if (rows > 1 && cols > 7) TS.Store(yt + (1 * cols + 7) * lanes, a1_7);
        if (rows > 1 && cols > 8) TS.Store(yt + (1 * cols + 8) * lanes, a1_8);
        if (rows > 1 && cols > 9) TS.Store(yt + (1 * cols + 9) * lanes, a1_9);
        if (rows > 1 && cols > 10) TS.Store(yt + (1 * cols + 10) * lanes, a1_10);
        if (rows > 1 && cols > 11) TS.Store(yt + (1 * cols + 11) * lanes, a1_11);
    }

    /// <summary>
    /// Weight gradient, R ≤ 5 kernel rows s0.. × T ≤ 5 columns t = t0.. of one channel, one vector of filters:
    /// dWᵀ[(c,s,t), m] += Σ_n Σ_i Σ_j dYᵀ[n, (i, j), m] · xp[n, c, i·SH + s, j + t]. Per output position: one load of
    /// dYᵀ's row and R·T broadcast FMAs (25 sums for a 5 × 5 kernel, the whole channel in one tile).
    /// Kernel row r's xp row for output row 0 starts at x + r·<paramref name="rowStride"/>; output row i adds
    /// i·<paramref name="xRow"/>, sample n adds n·<paramref name="xBatch"/>; dYᵀ's rows (one per output position) follow one another, sample n's from dyt + n·<paramref name="dyBatch"/>.
    /// Sum (r, t) is added to <paramref name="dwt"/>[(r·<paramref name="fw"/> + t)·<paramref name="ldw"/>].
    /// </summary>
    public static void WeightGrad<TS, TV, TR, TT>(float* dyt, nint dyBatch, float* x, nint rowStride, int outRows, int outCols, nint xRow,
        int batch, nint xBatch, float* dwt, int fw, nint ldw)
        where TS : ISimd<TV> where TV : struct where TR : ICount where TT : ICount
    {
        int rows = TR.Value, taps = TT.Value, lanes = TS.Lanes;
        TV s00 = TS.Zero, s01 = TS.Zero, s02 = TS.Zero, s03 = TS.Zero, s04 = TS.Zero;
        TV s10 = TS.Zero, s11 = TS.Zero, s12 = TS.Zero, s13 = TS.Zero, s14 = TS.Zero;
        TV s20 = TS.Zero, s21 = TS.Zero, s22 = TS.Zero, s23 = TS.Zero, s24 = TS.Zero;
        TV s30 = TS.Zero, s31 = TS.Zero, s32 = TS.Zero, s33 = TS.Zero, s34 = TS.Zero;
        TV s40 = TS.Zero, s41 = TS.Zero, s42 = TS.Zero, s43 = TS.Zero, s44 = TS.Zero;
        for (int n = 0; n < batch; n++)
        {
            float* d = dyt + n * dyBatch;
            for (int i = 0; i < outRows; i++)
            {
                float* x0 = x + n * xBatch + i * xRow, x1 = x0 + rowStride, x2 = x1 + rowStride, x3 = x2 + rowStride, x4 = x3 + rowStride;
                for (int j = 0; j < outCols; j++, d += lanes, x0++, x1++, x2++, x3++, x4++)
                {
                    TV dv = TS.Load(d);
                    s00 = TS.MultiplyAdd(TS.Broadcast(x0[0]), dv, s00);
                    if (taps > 1) s01 = TS.MultiplyAdd(TS.Broadcast(x0[1]), dv, s01);
                    if (taps > 2) s02 = TS.MultiplyAdd(TS.Broadcast(x0[2]), dv, s02);
                    if (taps > 3) s03 = TS.MultiplyAdd(TS.Broadcast(x0[3]), dv, s03);
                    if (taps > 4) s04 = TS.MultiplyAdd(TS.Broadcast(x0[4]), dv, s04);
                    if (rows > 1) s10 = TS.MultiplyAdd(TS.Broadcast(x1[0]), dv, s10);
                    if (rows > 1 && taps > 1) s11 = TS.MultiplyAdd(TS.Broadcast(x1[1]), dv, s11);
                    if (rows > 1 && taps > 2) s12 = TS.MultiplyAdd(TS.Broadcast(x1[2]), dv, s12);
                    if (rows > 1 && taps > 3) s13 = TS.MultiplyAdd(TS.Broadcast(x1[3]), dv, s13);
                    if (rows > 1 && taps > 4) s14 = TS.MultiplyAdd(TS.Broadcast(x1[4]), dv, s14);
                    if (rows > 2) s20 = TS.MultiplyAdd(TS.Broadcast(x2[0]), dv, s20);
                    if (rows > 2 && taps > 1) s21 = TS.MultiplyAdd(TS.Broadcast(x2[1]), dv, s21);
                    if (rows > 2 && taps > 2) s22 = TS.MultiplyAdd(TS.Broadcast(x2[2]), dv, s22);
                    if (rows > 2 && taps > 3) s23 = TS.MultiplyAdd(TS.Broadcast(x2[3]), dv, s23);
                    if (rows > 2 && taps > 4) s24 = TS.MultiplyAdd(TS.Broadcast(x2[4]), dv, s24);
                    if (rows > 3) s30 = TS.MultiplyAdd(TS.Broadcast(x3[0]), dv, s30);
                    if (rows > 3 && taps > 1) s31 = TS.MultiplyAdd(TS.Broadcast(x3[1]), dv, s31);
                    if (rows > 3 && taps > 2) s32 = TS.MultiplyAdd(TS.Broadcast(x3[2]), dv, s32);
                    if (rows > 3 && taps > 3) s33 = TS.MultiplyAdd(TS.Broadcast(x3[3]), dv, s33);
                    if (rows > 3 && taps > 4) s34 = TS.MultiplyAdd(TS.Broadcast(x3[4]), dv, s34);
                    if (rows > 4) s40 = TS.MultiplyAdd(TS.Broadcast(x4[0]), dv, s40);
                    if (rows > 4 && taps > 1) s41 = TS.MultiplyAdd(TS.Broadcast(x4[1]), dv, s41);
                    if (rows > 4 && taps > 2) s42 = TS.MultiplyAdd(TS.Broadcast(x4[2]), dv, s42);
                    if (rows > 4 && taps > 3) s43 = TS.MultiplyAdd(TS.Broadcast(x4[3]), dv, s43);
                    if (rows > 4 && taps > 4) s44 = TS.MultiplyAdd(TS.Broadcast(x4[4]), dv, s44);
                }
            }
        }
        Add<TS, TV>(dwt + (0 * fw + 0) * ldw, s00);
        if (taps > 1) Add<TS, TV>(dwt + (0 * fw + 1) * ldw, s01);
        if (taps > 2) Add<TS, TV>(dwt + (0 * fw + 2) * ldw, s02);
        if (taps > 3) Add<TS, TV>(dwt + (0 * fw + 3) * ldw, s03);
        if (taps > 4) Add<TS, TV>(dwt + (0 * fw + 4) * ldw, s04);
        if (rows > 1) Add<TS, TV>(dwt + (1 * fw + 0) * ldw, s10);
        if (rows > 1 && taps > 1) Add<TS, TV>(dwt + (1 * fw + 1) * ldw, s11);
        if (rows > 1 && taps > 2) Add<TS, TV>(dwt + (1 * fw + 2) * ldw, s12);
        if (rows > 1 && taps > 3) Add<TS, TV>(dwt + (1 * fw + 3) * ldw, s13);
        if (rows > 1 && taps > 4) Add<TS, TV>(dwt + (1 * fw + 4) * ldw, s14);
        if (rows > 2) Add<TS, TV>(dwt + (2 * fw + 0) * ldw, s20);
        if (rows > 2 && taps > 1) Add<TS, TV>(dwt + (2 * fw + 1) * ldw, s21);
        if (rows > 2 && taps > 2) Add<TS, TV>(dwt + (2 * fw + 2) * ldw, s22);
        if (rows > 2 && taps > 3) Add<TS, TV>(dwt + (2 * fw + 3) * ldw, s23);
        if (rows > 2 && taps > 4) Add<TS, TV>(dwt + (2 * fw + 4) * ldw, s24);
        if (rows > 3) Add<TS, TV>(dwt + (3 * fw + 0) * ldw, s30);
        if (rows > 3 && taps > 1) Add<TS, TV>(dwt + (3 * fw + 1) * ldw, s31);
        if (rows > 3 && taps > 2) Add<TS, TV>(dwt + (3 * fw + 2) * ldw, s32);
        if (rows > 3 && taps > 3) Add<TS, TV>(dwt + (3 * fw + 3) * ldw, s33);
        if (rows > 3 && taps > 4) Add<TS, TV>(dwt + (3 * fw + 4) * ldw, s34);
        if (rows > 4) Add<TS, TV>(dwt + (4 * fw + 0) * ldw, s40);
        if (rows > 4 && taps > 1) Add<TS, TV>(dwt + (4 * fw + 1) * ldw, s41);
        if (rows > 4 && taps > 2) Add<TS, TV>(dwt + (4 * fw + 2) * ldw, s42);
        if (rows > 4 && taps > 3) Add<TS, TV>(dwt + (4 * fw + 3) * ldw, s43);
        if (rows > 4 && taps > 4) Add<TS, TV>(dwt + (4 * fw + 4) * ldw, s44);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<TS, TV>(float* at, TV v) where TS : ISimd<TV> where TV : struct => TS.Store(at, TS.Add(TS.Load(at), v));
}

internal readonly struct Seven : ICount { public static int Value => 7; }
internal readonly struct Eight : ICount { public static int Value => 8; }
internal readonly struct Nine : ICount { public static int Value => 9; }
internal readonly struct Ten : ICount { public static int Value => 10; }
internal readonly struct Eleven : ICount { public static int Value => 11; }
internal readonly struct Twelve : ICount { public static int Value => 12; }
