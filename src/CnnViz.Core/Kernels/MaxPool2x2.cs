using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnViz.Core.Kernels;

/// <summary>
/// 2×2 max pooling with stride 2 on one (H, W) map, 16 / 8 / 4 outputs at a time (AVX-512 / AVX2 / SSE) and no
/// branches (comparing random activations with if/else mispredicts about every other time).
/// For V outputs of row i, the 2V inputs of rows 2i and 2i+1 are split into even and odd columns, giving
/// the four window positions as four vectors: top-left, top-right, bottom-left, bottom-right. Visiting them
/// in that order and taking a value only when it is strictly greater keeps the scalar rule exactly:
/// ties go to the first maximum in row-major order. Switches hold h·W + w of each maximum.
/// <para>Row ends: AVX-512 masks its last vector (its masks are cheap). AVX2 and SSE have no cheap masked
/// store, so a row's last vector is moved left to end at the row's end and recomputes a few outputs that
/// the previous vector already wrote, with the same values. Rows narrower than 4 outputs run as loops.</para>
/// </summary>
public static unsafe class MaxPool2x2
{
    public static bool IsSupported => Vector128.IsHardwareAccelerated && Sse.IsSupported;

    /// <summary>output (OH, OW) and switches (OH, OW) from input (H, W); OH = H/2, OW = W/2 (a last odd row/column is dropped).</summary>
    public static void Forward(ReadOnlySpan<float> input, int h, int w, Span<float> output, Span<int> switches)
    {
        int oh = h / 2, ow = w / 2;
        if (input.Length < h * w || output.Length < oh * ow || switches.Length < oh * ow)
            throw new ArgumentException($"Buffers too small for a {h}×{w} map pooled to {oh}×{ow}.");
        fixed (float* x = input, y = output)
        fixed (int* sw = switches)
        {
            for (int i = 0; i < oh; i++)
            {
                float* top = x + 2 * i * w;
                float* yRow = y + i * ow;
                int* swRow = sw + i * ow;
                int topIndex = 2 * i * w;
                if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported) Row512(top, w, ow, yRow, swRow, topIndex);
                else if (ow >= 8 && Avx2.IsSupported) Row256(top, w, ow, yRow, swRow, topIndex);
                else if (ow >= 4 && IsSupported) Row128(top, w, ow, yRow, swRow, topIndex);
                else RowScalar(top, w, ow, yRow, swRow, topIndex);
            }
        }
    }

    private static void Row512(float* top, int w, int ow, float* y, int* sw, int topIndex)
    {
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = even + Vector512<int>.One;
        var twoJ = Vector512<int>.Indices * 2;
        float* bottom = top + w;
        for (int j = 0; j < ow; j += 16)
        {
            int inputs = Math.Min(32, 2 * (ow - j));             // columns 2j.. that belong to full windows
            var lowMask = FirstLanes(Math.Min(16, inputs));
            var highMask = FirstLanes(inputs - 16);
            var t0 = Avx512F.MaskLoad(top + 2 * j, lowMask, Vector512<float>.Zero);
            var t1 = Avx512F.MaskLoad(top + 2 * j + 16, highMask, Vector512<float>.Zero);
            var b0 = Avx512F.MaskLoad(bottom + 2 * j, lowMask, Vector512<float>.Zero);
            var b1 = Avx512F.MaskLoad(bottom + 2 * j + 16, highMask, Vector512<float>.Zero);
            // The four positions of each window, in row-major order; offset = where it lies from the top-left.
            var best = Avx512F.PermuteVar16x32x2(t0, even, t1);
            var offset = Vector512<int>.Zero;
            Take(ref best, ref offset, Avx512F.PermuteVar16x32x2(t0, odd, t1), 1);
            Take(ref best, ref offset, Avx512F.PermuteVar16x32x2(b0, even, b1), w);
            Take(ref best, ref offset, Avx512F.PermuteVar16x32x2(b0, odd, b1), w + 1);
            var outMask = FirstLanes(Math.Min(16, ow - j));
            Avx512F.MaskStore(y + j, outMask, best);
            var index = Vector512.Create(topIndex + 2 * j) + twoJ + offset;   // h·W + w of the top-left, + offset
            Avx512F.MaskStore(sw + j, outMask.AsInt32(), index);
        }
    }

    /// <summary>8 outputs per step (needs OW ≥ 8); the last step starts at OW − 8.</summary>
    private static void Row256(float* top, int w, int ow, float* y, int* sw, int topIndex)
    {
        var twoJ = Vector256<int>.Indices * 2;
        float* bottom = top + w;
        for (int j = 0; ; j += 8)
        {
            if (j > ow - 8) j = ow - 8;                          // overlap the previous step instead of masking
            // Even / odd columns of 16 inputs: shufps picks them per 128-bit half, vpermq puts the halves in order.
            var t0 = Avx.LoadVector256(top + 2 * j); var t1 = Avx.LoadVector256(top + 2 * j + 8);
            var b0 = Avx.LoadVector256(bottom + 2 * j); var b1 = Avx.LoadVector256(bottom + 2 * j + 8);
            var best = Even(t0, t1);
            var offset = Vector256<int>.Zero;
            Take(ref best, ref offset, Odd(t0, t1), 1);
            Take(ref best, ref offset, Even(b0, b1), w);
            Take(ref best, ref offset, Odd(b0, b1), w + 1);
            best.Store(y + j);
            (Vector256.Create(topIndex + 2 * j) + twoJ + offset).Store(sw + j);
            if (j == ow - 8) break;
        }
    }

    /// <summary>4 outputs per step (needs OW ≥ 4); the last step starts at OW − 4.</summary>
    private static void Row128(float* top, int w, int ow, float* y, int* sw, int topIndex)
    {
        var twoJ = Vector128<int>.Indices * 2;
        float* bottom = top + w;
        for (int j = 0; ; j += 4)
        {
            if (j > ow - 4) j = ow - 4;
            var t0 = Sse.LoadVector128(top + 2 * j); var t1 = Sse.LoadVector128(top + 2 * j + 4);
            var b0 = Sse.LoadVector128(bottom + 2 * j); var b1 = Sse.LoadVector128(bottom + 2 * j + 4);
            var best = Sse.Shuffle(t0, t1, 0b10_00_10_00);            // columns 0, 2 of t0, then of t1
            var offset = Vector128<int>.Zero;
            Take(ref best, ref offset, Sse.Shuffle(t0, t1, 0b11_01_11_01), 1);
            Take(ref best, ref offset, Sse.Shuffle(b0, b1, 0b10_00_10_00), w);
            Take(ref best, ref offset, Sse.Shuffle(b0, b1, 0b11_01_11_01), w + 1);
            best.Store(y + j);
            (Vector128.Create(topIndex + 2 * j) + twoJ + offset).Store(sw + j);
            if (j == ow - 4) break;
        }
    }

    /// <summary>The rule as loops, for rows of fewer than 4 outputs.</summary>
    private static void RowScalar(float* top, int w, int ow, float* y, int* sw, int topIndex)
    {
        for (int j = 0; j < ow; j++)
        {
            int best = 2 * j;
            if (top[2 * j + 1] > top[best]) best = 2 * j + 1;
            if (top[2 * j + w] > top[best]) best = 2 * j + w;
            if (top[2 * j + w + 1] > top[best]) best = 2 * j + w + 1;
            y[j] = top[best];
            sw[j] = topIndex + best;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Even(Vector256<float> a, Vector256<float> b) =>
        Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Odd(Vector256<float> a, Vector256<float> b) =>
        Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();

    /// <summary>Where candidate &gt; best (strictly), take it and remember its offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector512<float> best, ref Vector512<int> offset, Vector512<float> candidate, int candidateOffset)
    {
        var greater = Vector512.GreaterThan(candidate, best);
        best = Vector512.ConditionalSelect(greater, candidate, best);
        offset = Vector512.ConditionalSelect(greater.AsInt32(), Vector512.Create(candidateOffset), offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector256<float> best, ref Vector256<int> offset, Vector256<float> candidate, int candidateOffset)
    {
        var greater = Vector256.GreaterThan(candidate, best);
        best = Vector256.ConditionalSelect(greater, candidate, best);
        offset = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(candidateOffset), offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector128<float> best, ref Vector128<int> offset, Vector128<float> candidate, int candidateOffset)
    {
        var greater = Vector128.GreaterThan(candidate, best);
        best = Vector128.ConditionalSelect(greater, candidate, best);
        offset = Vector128.ConditionalSelect(greater.AsInt32(), Vector128.Create(candidateOffset), offset);
    }

    private static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
}
