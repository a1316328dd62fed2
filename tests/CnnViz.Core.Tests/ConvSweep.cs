namespace CnnViz.Core.Tests;

/// <summary>
/// The convolution sweep (after tinygrad's conv tests): batch 1 and 3 × channels 1 and 3 ×
/// kernels 1×1, 3×3, 2×5 × stride 1, 2, (2,1) × padding 0, 1, 2, on a non-square 7×11 input,
/// plus a few square and odd cases. Rows: batch, channels, filters, H, W, FH, FW, SH, SW, PH, PW.
/// </summary>
public static class ConvSweep
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (int batch in new[] { 1, 3 })
        foreach (int channels in new[] { 1, 3 })
        foreach (var (fh, fw) in new[] { (1, 1), (3, 3), (2, 5) })
        foreach (var (sh, sw) in new[] { (1, 1), (2, 2), (2, 1) })
        foreach (int pad in new[] { 0, 1, 2 })
            yield return [batch, channels, 2, 7, 11, fh, fw, sh, sw, pad, pad];
        // The assignment's example (6×6, 3×3, pad 0, stride 1 → 4×4), unequal padding, a kernel as large as the padded input.
        yield return new object[] { 2, 1, 3, 6, 6, 3, 3, 1, 1, 0, 0 };
        yield return new object[] { 2, 2, 3, 5, 8, 3, 2, 1, 3, 2, 0 };
        yield return new object[] { 1, 2, 2, 3, 4, 5, 6, 1, 1, 1, 1 };
        yield return new object[] { 1, 4, 5, 9, 9, 5, 5, 3, 3, 2, 2 };
    }

    /// <summary>
    /// Shapes for the direct path (Conv2d with AVX-512, see DirectConv): LeNet-5's conv1 and conv2 at batch 9 (a group
    /// of 8 and one more), filters 1..7 against the 6-filter tiles, OH = 5 against the 4- and 2-row blocks, and output
    /// widths 1, 15, 16, 17, 32, 33 (masked rows, a shifted last vector, 1..3 vectors per row), and 16 or 32 filters.
    /// </summary>
    public static IEnumerable<object[]> DirectCases()
    {
        yield return [9, 1, 6, 28, 28, 5, 5, 1, 1, 2, 2];
        yield return [9, 6, 16, 14, 14, 5, 5, 1, 1, 0, 0];
        foreach (int filters in new[] { 1, 5, 7 })
            foreach (int ow in new[] { 1, 15, 16, 17, 32, 33 })
                yield return [2, 2, filters, 7, ow + 2, 3, 3, 1, 1, 0, 0];
        yield return [3, 3, 7, 9, 20, 5, 5, 2, 1, 2, 2];   // stride height 2
        // Whole vectors of filters (DirectConvFilterLanes): OW 1, 13 and 25 against 12-column tiles, OH odd, a 7 × 6 kernel.
        foreach (int ow in new[] { 1, 13, 25 })
            yield return [2, 2, 16, 7, ow + 2, 3, 3, 1, 1, 0, 0];
        yield return [2, 2, 32, 9, 9, 7, 6, 1, 1, 1, 2];
        yield return [2, 3, 16, 11, 9, 3, 2, 2, 1, 1, 0];
    }

    /// <summary>
    /// Stride-1 shapes for the direct input gradient (ConvInputGrad) inside Conv2d: LeNet-5's conv2 at batch 2, and
    /// channels 1..7 (its tiles hold up to 6) × widths 1, 7, 8, 9, 15, 16, 17, 35 (one vector ± 1 for AVX2 and AVX-512,
    /// 2·16 + 3) on 5 rows (not a multiple of its 2- or 4-segment blocks), with 3×3 and 2×5 kernels, padding 0..2.
    /// </summary>
    public static IEnumerable<object[]> StrideOneCases()
    {
        yield return new object[] { 2, 6, 16, 14, 14, 5, 5, 1, 1, 0, 0 };
        int i = 0;
        foreach (int channels in new[] { 1, 2, 3, 4, 5, 6, 7 })
        foreach (int w in new[] { 1, 7, 8, 9, 15, 16, 17, 35 })
        {
            var (fh, fw) = i % 2 == 0 ? (3, 3) : (2, 5);
            int pad = i++ % 3;
            if (w + 2 * pad >= fw) yield return new object[] { 2, channels, 3, 5, w, fh, fw, 1, 1, pad, pad };
        }
    }
}
