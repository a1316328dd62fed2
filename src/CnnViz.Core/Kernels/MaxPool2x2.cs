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

    /// <summary>
    /// output (maps, OH, OW) and switches (maps, OH, OW) from input (maps, H, W): <paramref name="maps"/> maps one after
    /// another (a chunk's samples × channels, in one call); OH = H/2, OW = W/2 (a last odd row/column is dropped).
    /// Each switch is h·W + w within its own map.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> input, int h, int w, Span<float> output, Span<int> switches, int maps = 1)
    {
        int oh = h / 2, ow = w / 2;
        if (input.Length < maps * h * w || output.Length < maps * oh * ow || switches.Length < maps * oh * ow)
            throw new ArgumentException($"Buffers too small for {maps} {h}×{w} maps pooled to {oh}×{ow}.");
        fixed (float* x = input, y = output)
        fixed (int* sw = switches)
        {
            if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
            {
                Maps512(x, maps, h, w, y, sw);
                return;
            }
            for (int r = 0; r < maps * oh; r++)   // output row r: row i = r mod OH of map r / OH
            {
                int map = r / oh, i = r - map * oh, topIndex = 2 * i * w;
                float* top = x + (nint)map * h * w + topIndex;
                float* yRow = y + (nint)r * ow;
                int* swRow = sw + (nint)r * ow;
                if (ow >= 8 && Avx2.IsSupported) Row256(top, w, ow, yRow, swRow, topIndex);
                else if (ow >= 4 && IsSupported) Row128(top, w, ow, yRow, swRow, topIndex);
                else RowScalar(top, w, ow, yRow, swRow, topIndex);
            }
        }
    }

    /// <summary>
    /// 16 outputs per step, every row of every map; the masks of a column block are made once for all rows
    /// (making them per row cost about as much as the pooling itself on LeNet's 5- and 14-output rows).
    /// </summary>
    private static void Maps512(float* x, int maps, int h, int w, float* y, int* sw)
    {
        int oh = h / 2, ow = w / 2;
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = even + Vector512<int>.One;
        var twoJ = Vector512<int>.Indices * 2;
        for (int j = 0; j < ow; j += 16)
        {
            int inputs = Math.Min(32, 2 * (ow - j));             // columns 2j.. that belong to full windows
            var lowMask = FirstLanes(Math.Min(16, inputs));
            var highMask = FirstLanes(inputs - 16);
            var outMask = FirstLanes(Math.Min(16, ow - j));
            for (int map = 0; map < maps; map++)
            for (int i = 0; i < oh; i++)
            {
                int topIndex = 2 * i * w;
                float* top = x + (nint)map * h * w + topIndex + 2 * j, bottom = top + w;
                nint o = ((nint)map * oh + i) * ow + j;
                var t0 = Avx512F.MaskLoad(top, lowMask, Vector512<float>.Zero);
                var t1 = Avx512F.MaskLoad(top + 16, highMask, Vector512<float>.Zero);
                var b0 = Avx512F.MaskLoad(bottom, lowMask, Vector512<float>.Zero);
                var b1 = Avx512F.MaskLoad(bottom + 16, highMask, Vector512<float>.Zero);
                // The four positions of each window, in row-major order; offset = where it lies from the top-left.
                var best = Avx512F.PermuteVar16x32x2(t0, even, t1);
                var offset = Vector512<int>.Zero;
                Take(ref best, ref offset, Avx512F.PermuteVar16x32x2(t0, odd, t1), 1);
                Take(ref best, ref offset, Avx512F.PermuteVar16x32x2(b0, even, b1), w);
                Take(ref best, ref offset, Avx512F.PermuteVar16x32x2(b0, odd, b1), w + 1);
                Avx512F.MaskStore(y + o, outMask, best);
                var index = Vector512.Create(topIndex + 2 * j) + twoJ + offset;   // h·W + w of the top-left, + offset
                Avx512F.MaskStore(sw + o, outMask.AsInt32(), index);
            }
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

    // ---- backward: dx[switch] = dy, 0 elsewhere in the window ----------------------------------------

    /// <summary>
    /// dx (maps, H, W) from dy (maps, OH, OW) and the switches forward made: each window's four inputs are written
    /// at once, dy at its maximum and 0 at the other three, so dx needs no clearing and no scattered adds (2×2
    /// windows with stride 2 do not overlap). For V outputs: offset = switch − top-left index ∈ {0, 1, W, W+1} gives
    /// four vectors (dy or 0), interleaved into the 2V floats of the top row and of the bottom row. Row ends as in
    /// forward (AVX-512 masks; AVX2 and SSE move the last vector left). A last odd row or column gets 0.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> outputGrad, ReadOnlySpan<int> switches, int h, int w, Span<float> inputGrad, int maps = 1)
    {
        int oh = h / 2, ow = w / 2;
        if (inputGrad.Length < maps * h * w || outputGrad.Length < maps * oh * ow || switches.Length < maps * oh * ow)
            throw new ArgumentException($"Buffers too small for {maps} {h}×{w} maps pooled to {oh}×{ow}.");
        if (h % 2 != 0 || w % 2 != 0) inputGrad[..(maps * h * w)].Clear();   // the dropped row/column (the rest is overwritten)
        fixed (float* dy = outputGrad, dx = inputGrad)
        fixed (int* sw = switches)
        {
            if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
            {
                BackMaps512(dy, sw, maps, h, w, dx);
                return;
            }
            for (int r = 0; r < maps * oh; r++)
            {
                int map = r / oh, i = r - map * oh, topIndex = 2 * i * w;
                float* top = dx + (nint)map * h * w + topIndex;
                float* dyRow = dy + (nint)r * ow;
                int* swRow = sw + (nint)r * ow;
                if (ow >= 8 && Avx2.IsSupported) BackRow256(dyRow, swRow, ow, w, top, topIndex);
                else if (ow >= 4 && IsSupported) BackRow128(dyRow, swRow, ow, w, top, topIndex);
                else BackRowScalar(dyRow, swRow, ow, w, top, topIndex);
            }
        }
    }

    /// <summary>16 outputs per step, every row of every map; masks made once per column block (as in <see cref="Maps512"/>).</summary>
    private static void BackMaps512(float* dy, int* sw, int maps, int h, int w, float* dx)
    {
        int oh = h / 2, ow = w / 2;
        var first = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);   // a0 b0 a1 b1 … a7 b7
        var second = first + Vector512.Create(8);                                              // a8 b8 … a15 b15
        var twoJ = Vector512<int>.Indices * 2;
        var one = Vector512.Create(1);
        var right = Vector512.Create(w);
        var bottomRight = Vector512.Create(w + 1);
        for (int j = 0; j < ow; j += 16)
        {
            var outMask = FirstLanes(Math.Min(16, ow - j));
            int inputs = Math.Min(32, 2 * (ow - j));
            var lowMask = FirstLanes(Math.Min(16, inputs));
            var highMask = FirstLanes(inputs - 16);
            for (int map = 0; map < maps; map++)
            for (int i = 0; i < oh; i++)
            {
                int topIndex = 2 * i * w;
                nint o = ((nint)map * oh + i) * ow + j;
                var g = Avx512F.MaskLoad(dy + o, outMask, Vector512<float>.Zero);
                var offset = Avx512F.MaskLoad(sw + o, outMask.AsInt32(), Vector512<int>.Zero) - (Vector512.Create(topIndex + 2 * j) + twoJ);
                var tl = Vector512.Equals(offset, Vector512<int>.Zero).AsSingle() & g;
                var tr = Vector512.Equals(offset, one).AsSingle() & g;
                var bl = Vector512.Equals(offset, right).AsSingle() & g;
                var br = Vector512.Equals(offset, bottomRight).AsSingle() & g;
                float* t = dx + (nint)map * h * w + topIndex + 2 * j, b = t + w;
                Avx512F.MaskStore(t, lowMask, Avx512F.PermuteVar16x32x2(tl, first, tr));
                Avx512F.MaskStore(t + 16, highMask, Avx512F.PermuteVar16x32x2(tl, second, tr));
                Avx512F.MaskStore(b, lowMask, Avx512F.PermuteVar16x32x2(bl, first, br));
                Avx512F.MaskStore(b + 16, highMask, Avx512F.PermuteVar16x32x2(bl, second, br));
            }
        }
    }

    /// <summary>8 outputs per step (needs OW ≥ 8); the last step starts at OW − 8 and rewrites a few equal values.</summary>
    private static void BackRow256(float* dy, int* sw, int ow, int w, float* top, int topIndex)
    {
        var twoJ = Vector256<int>.Indices * 2;
        for (int j = 0; ; j += 8)
        {
            if (j > ow - 8) j = ow - 8;
            var g = Avx.LoadVector256(dy + j);
            var offset = Avx.LoadVector256(sw + j) - (Vector256.Create(topIndex + 2 * j) + twoJ);
            var tl = Vector256.Equals(offset, Vector256<int>.Zero).AsSingle() & g;
            var tr = Vector256.Equals(offset, Vector256.Create(1)).AsSingle() & g;
            var bl = Vector256.Equals(offset, Vector256.Create(w)).AsSingle() & g;
            var br = Vector256.Equals(offset, Vector256.Create(w + 1)).AsSingle() & g;
            float* t = top + 2 * j, b = t + w;
            Interleave(tl, tr, t);
            Interleave(bl, br, b);
            if (j == ow - 8) break;
        }
    }

    /// <summary>a0 b0 a1 b1 … a7 b7 at p: unpack interleaves within 128-bit halves, the permute puts the halves in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector256<float> a, Vector256<float> b, float* p)
    {
        var low = Avx.UnpackLow(a, b);     // a0 b0 a1 b1 | a4 b4 a5 b5
        var high = Avx.UnpackHigh(a, b);   // a2 b2 a3 b3 | a6 b6 a7 b7
        Avx.Store(p, Avx.Permute2x128(low, high, 0x20));
        Avx.Store(p + 8, Avx.Permute2x128(low, high, 0x31));
    }

    /// <summary>4 outputs per step (needs OW ≥ 4); the last step starts at OW − 4.</summary>
    private static void BackRow128(float* dy, int* sw, int ow, int w, float* top, int topIndex)
    {
        var twoJ = Vector128<int>.Indices * 2;
        for (int j = 0; ; j += 4)
        {
            if (j > ow - 4) j = ow - 4;
            var g = Sse.LoadVector128(dy + j);
            var offset = Sse2.LoadVector128(sw + j) - (Vector128.Create(topIndex + 2 * j) + twoJ);
            var tl = Vector128.Equals(offset, Vector128<int>.Zero).AsSingle() & g;
            var tr = Vector128.Equals(offset, Vector128.Create(1)).AsSingle() & g;
            var bl = Vector128.Equals(offset, Vector128.Create(w)).AsSingle() & g;
            var br = Vector128.Equals(offset, Vector128.Create(w + 1)).AsSingle() & g;
            float* t = top + 2 * j, b = t + w;
            Sse.Store(t, Sse.UnpackLow(tl, tr));
            Sse.Store(t + 4, Sse.UnpackHigh(tl, tr));
            Sse.Store(b, Sse.UnpackLow(bl, br));
            Sse.Store(b + 4, Sse.UnpackHigh(bl, br));
            if (j == ow - 4) break;
        }
    }

    /// <summary>The rule as loops, for rows of fewer than 4 outputs.</summary>
    private static void BackRowScalar(float* dy, int* sw, int ow, int w, float* top, int topIndex)
    {
        for (int j = 0; j < ow; j++)
        {
            int offset = sw[j] - (topIndex + 2 * j);
            float g = dy[j];
            float* t = top + 2 * j;
            t[0] = offset == 0 ? g : 0f;
            t[1] = offset == 1 ? g : 0f;
            t[w] = offset == w ? g : 0f;
            t[w + 1] = offset == w + 1 ? g : 0f;
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
