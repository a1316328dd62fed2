using CnnViz.Core.Kernels;

namespace CnnViz.Core.Tests.Kernels;

/// <summary>
/// The branch-free 2×2 max pooling (AVX-512, AVX2 or SSE, whichever this CPU runs) against the rule written as loops,
/// ties included; widths give rows of 1..35 outputs, so overlapping last vectors (OW not a multiple of 4 or 8) are hit.
/// </summary>
public class MaxPool2x2Tests
{
    [Fact]
    public void Forward_MatchesLoops_IncludingTiesAndOddSizes()
    {
        var rng = new Rng(5);
        foreach (int h in new[] { 2, 3, 5, 10, 28 })
            foreach (int w in new[] { 2, 3, 6, 8, 9, 10, 14, 16, 17, 18, 26, 28, 31, 32, 33, 40, 70 })
            {
                // Values from a small set, so that many windows hold equal maxima.
                var x = new float[h * w];
                for (int i = 0; i < x.Length; i++) x[i] = rng.NextInt(4) - 1.5f;
                int oh = h / 2, ow = w / 2;
                var y = new float[oh * ow + 16];
                var sw = new int[oh * ow + 16];
                Array.Fill(y, float.NaN);
                Array.Fill(sw, -7);
                MaxPool2x2.Forward(x, h, w, y, sw);
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        int best = 2 * i * w + 2 * j;
                        foreach (int at in new[] { best + 1, best + w, best + w + 1 })
                            if (x[at] > x[best]) best = at;   // strictly greater: the first maximum wins
                        Assert.True(y[i * ow + j] == x[best] && sw[i * ow + j] == best,
                            $"{h}×{w} at ({i},{j}): got {y[i * ow + j]} from {sw[i * ow + j]}, expected {x[best]} from {best}");
                    }
                for (int k = oh * ow; k < y.Length; k++)
                    Assert.True(float.IsNaN(y[k]) && sw[k] == -7, $"{h}×{w}: wrote past the output at {k}");
            }
    }
}
