using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnViz.Core.Kernels;

/// <summary>
/// 2×2 max pooling with stride 2 on one (H, W) map, 16 outputs at a time with AVX-512 and no branches
/// (comparing random activations with if/else mispredicts about every other time).
/// For 16 outputs of row i, the 32 inputs of rows 2i and 2i+1 are split into even and odd columns, giving
/// the four window positions as four vectors: top-left, top-right, bottom-left, bottom-right. Visiting them
/// in that order and taking a value only when it is strictly greater keeps the scalar rule exactly:
/// ties go to the first maximum in row-major order. Switches hold h·W + w of each maximum.
/// </summary>
public static unsafe class MaxPool2x2
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>output (OH, OW) and switches (OH, OW) from input (H, W); OH = H/2, OW = W/2 (a last odd row/column is dropped).</summary>
    public static void Forward(ReadOnlySpan<float> input, int h, int w, Span<float> output, Span<int> switches)
    {
        int oh = h / 2, ow = w / 2;
        if (input.Length < h * w || output.Length < oh * ow || switches.Length < oh * ow)
            throw new ArgumentException($"Buffers too small for a {h}×{w} map pooled to {oh}×{ow}.");
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = even + Vector512<int>.One;
        var twoJ = Vector512<int>.Indices * 2;
        fixed (float* x = input, y = output)
        fixed (int* sw = switches)
        {
            for (int i = 0; i < oh; i++)
            {
                float* top = x + 2 * i * w, bottom = top + w;
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
                    Avx512F.MaskStore(y + i * ow + j, outMask, best);
                    var index = Vector512.Create(2 * i * w + 2 * j) + twoJ + offset;   // h·W + w of the top-left, + offset
                    Avx512F.MaskStore(sw + i * ow + j, outMask.AsInt32(), index);
                }
            }
        }
    }

    /// <summary>Where candidate &gt; best (strictly), take it and remember its offset.</summary>
    private static void Take(ref Vector512<float> best, ref Vector512<int> offset, Vector512<float> candidate, int candidateOffset)
    {
        var greater = Vector512.GreaterThan(candidate, best);
        best = Vector512.ConditionalSelect(greater, candidate, best);
        offset = Vector512.ConditionalSelect(greater.AsInt32(), Vector512.Create(candidateOffset), offset);
    }

    private static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
}
