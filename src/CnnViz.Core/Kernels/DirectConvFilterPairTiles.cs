namespace CnnViz.Core.Kernels;

/// <summary>The filter-lane tiles for 16 registers (AVX2): two vectors of filters share each broadcast of xp.</summary>
internal static unsafe partial class DirectConvFilterTiles
{
    /// <summary>
    /// Forward with two vectors of filters (m0.. and m0 + lanes..) × J ≤ 6 columns of one output row: as
    /// <see cref="Forward"/>, but each broadcast of xp feeds both filter vectors, for 16 registers (AVX2):
    /// 12 sums + 2 weight vectors + 1 broadcast; per tap 2 + J loads for 2·J FMAs instead of 1 + J for J.
    /// Filter vector u's sums go to <paramref name="yt"/>[(u·J + j)·lanes + lane].
    /// </summary>
    public static void ForwardPair<TS, TV, TJ>(float* wt, nint ldw, float* bias, float* x,
        int channels, nint channelStride, int fh, nint rowStride, int fw, float* yt)
        where TS : ISimd<TV> where TV : struct where TJ : ICount
    {
        int cols = TJ.Value, lanes = TS.Lanes;
        TV b0 = TS.Load(bias), b1 = TS.Load(bias + lanes);
        TV p0_0 = b0, p0_1 = b0, p0_2 = b0, p0_3 = b0, p0_4 = b0, p0_5 = b0;
        TV p1_0 = b1, p1_1 = b1, p1_2 = b1, p1_3 = b1, p1_4 = b1, p1_5 = b1;
        for (int c = 0; c < channels; c++)
            for (int s = 0; s < fh; s++)
            {
                float* x0 = x + c * channelStride + s * rowStride;
                float* w = wt + (c * fh + s) * fw * ldw;
                for (int t = 0; t < fw; t++, x0++, w += ldw)
                {
                    TV w0 = TS.Load(w), w1 = TS.Load(w + lanes), xb;
                    xb = TS.Broadcast(x0[0]);
                    p0_0 = TS.MultiplyAdd(xb, w0, p0_0);
                    p1_0 = TS.MultiplyAdd(xb, w1, p1_0);
                    if (cols > 1)
                    {
                        xb = TS.Broadcast(x0[1]);
                        p0_1 = TS.MultiplyAdd(xb, w0, p0_1);
                        p1_1 = TS.MultiplyAdd(xb, w1, p1_1);
                    }
                    if (cols > 2)
                    {
                        xb = TS.Broadcast(x0[2]);
                        p0_2 = TS.MultiplyAdd(xb, w0, p0_2);
                        p1_2 = TS.MultiplyAdd(xb, w1, p1_2);
                    }
                    if (cols > 3)
                    {
                        xb = TS.Broadcast(x0[3]);
                        p0_3 = TS.MultiplyAdd(xb, w0, p0_3);
                        p1_3 = TS.MultiplyAdd(xb, w1, p1_3);
                    }
                    if (cols > 4)
                    {
                        xb = TS.Broadcast(x0[4]);
                        p0_4 = TS.MultiplyAdd(xb, w0, p0_4);
                        p1_4 = TS.MultiplyAdd(xb, w1, p1_4);
                    }
                    if (cols > 5)
                    {
                        xb = TS.Broadcast(x0[5]);
                        p0_5 = TS.MultiplyAdd(xb, w0, p0_5);
                        p1_5 = TS.MultiplyAdd(xb, w1, p1_5);
                    }
                }
            }
        TS.Store(yt + (0 * cols + 0) * lanes, p0_0);
        if (cols > 1) TS.Store(yt + (0 * cols + 1) * lanes, p0_1);
        if (cols > 2) TS.Store(yt + (0 * cols + 2) * lanes, p0_2);
        if (cols > 3) TS.Store(yt + (0 * cols + 3) * lanes, p0_3);
        if (cols > 4) TS.Store(yt + (0 * cols + 4) * lanes, p0_4);
        if (cols > 5) TS.Store(yt + (0 * cols + 5) * lanes, p0_5);
        TS.Store(yt + (1 * cols + 0) * lanes, p1_0);
        if (cols > 1) TS.Store(yt + (1 * cols + 1) * lanes, p1_1);
        if (cols > 2) TS.Store(yt + (1 * cols + 2) * lanes, p1_2);
        if (cols > 3) TS.Store(yt + (1 * cols + 3) * lanes, p1_3);
        if (cols > 4) TS.Store(yt + (1 * cols + 4) * lanes, p1_4);
        if (cols > 5) TS.Store(yt + (1 * cols + 5) * lanes, p1_5);
    }

    /// <summary>
    /// Weight gradient with two vectors of filters × T ≤ 5 taps t0.. of one kernel row: as <see cref="WeightGrad"/>,
    /// but each broadcast of xp feeds both filter vectors (16 registers: 10 sums + 2 dYᵀ vectors + 1 broadcast).
    /// Filter vector u's dYᵀ is at + u·<paramref name="dyVector"/>; its sums go to <paramref name="dwt"/>[t·ldw + u·lanes].
    /// </summary>
    public static void WeightGradPair<TS, TV, TT>(float* dyt, nint dyVector, nint dyBatch, float* x, int outRows, int outCols, nint xRow,
        int batch, nint xBatch, float* dwt, nint ldw)
        where TS : ISimd<TV> where TV : struct where TT : ICount
    {
        int taps = TT.Value, lanes = TS.Lanes;
        TV q0_0 = TS.Zero, q0_1 = TS.Zero, q0_2 = TS.Zero, q0_3 = TS.Zero, q0_4 = TS.Zero;
        TV q1_0 = TS.Zero, q1_1 = TS.Zero, q1_2 = TS.Zero, q1_3 = TS.Zero, q1_4 = TS.Zero;
        for (int n = 0; n < batch; n++)
        {
            float* d = dyt + n * dyBatch;
            for (int i = 0; i < outRows; i++)
            {
                float* x0 = x + n * xBatch + i * xRow;
                for (int j = 0; j < outCols; j++, d += lanes, x0++)
                {
                    TV d0 = TS.Load(d), d1 = TS.Load(d + dyVector), xb;
                    xb = TS.Broadcast(x0[0]);
                    q0_0 = TS.MultiplyAdd(xb, d0, q0_0);
                    q1_0 = TS.MultiplyAdd(xb, d1, q1_0);
                    if (taps > 1)
                    {
                        xb = TS.Broadcast(x0[1]);
                        q0_1 = TS.MultiplyAdd(xb, d0, q0_1);
                        q1_1 = TS.MultiplyAdd(xb, d1, q1_1);
                    }
                    if (taps > 2)
                    {
                        xb = TS.Broadcast(x0[2]);
                        q0_2 = TS.MultiplyAdd(xb, d0, q0_2);
                        q1_2 = TS.MultiplyAdd(xb, d1, q1_2);
                    }
                    if (taps > 3)
                    {
                        xb = TS.Broadcast(x0[3]);
                        q0_3 = TS.MultiplyAdd(xb, d0, q0_3);
                        q1_3 = TS.MultiplyAdd(xb, d1, q1_3);
                    }
                    if (taps > 4)
                    {
                        xb = TS.Broadcast(x0[4]);
                        q0_4 = TS.MultiplyAdd(xb, d0, q0_4);
                        q1_4 = TS.MultiplyAdd(xb, d1, q1_4);
                    }
                }
            }
        }
        Add<TS, TV>(dwt + 0 * ldw + 0 * lanes, q0_0);
        if (taps > 1) Add<TS, TV>(dwt + 1 * ldw + 0 * lanes, q0_1);
        if (taps > 2) Add<TS, TV>(dwt + 2 * ldw + 0 * lanes, q0_2);
        if (taps > 3) Add<TS, TV>(dwt + 3 * ldw + 0 * lanes, q0_3);
        if (taps > 4) Add<TS, TV>(dwt + 4 * ldw + 0 * lanes, q0_4);
        Add<TS, TV>(dwt + 0 * ldw + 1 * lanes, q1_0);
        if (taps > 1) Add<TS, TV>(dwt + 1 * ldw + 1 * lanes, q1_1);
        if (taps > 2) Add<TS, TV>(dwt + 2 * ldw + 1 * lanes, q1_2);
        if (taps > 3) Add<TS, TV>(dwt + 3 * ldw + 1 * lanes, q1_3);
        if (taps > 4) Add<TS, TV>(dwt + 4 * ldw + 1 * lanes, q1_4);
    }
}
