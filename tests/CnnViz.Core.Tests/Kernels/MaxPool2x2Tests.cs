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

    [Fact]
    public void SeveralMapsInOneCall_PoolEachMapOnItsOwn_WithSwitchesWithinTheMap()
    {
        var rng = new Rng(8);
        foreach (var (h, w) in new[] { (28, 28), (10, 10), (5, 7) })
        {
            const int maps = 3;
            var x = new float[maps * h * w];
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextInt(5) - 2f;
            int size = (h / 2) * (w / 2);
            var y = new float[maps * size];
            var sw = new int[maps * size];
            MaxPool2x2.Forward(x, h, w, y, sw, maps);
            for (int m = 0; m < maps; m++)
            {
                var yOne = new float[size];
                var swOne = new int[size];
                MaxPool2x2.Forward(x.AsSpan(m * h * w, h * w), h, w, yOne, swOne);
                Assert.Equal(yOne, y.AsSpan(m * size, size).ToArray());
                Assert.Equal(swOne, sw.AsSpan(m * size, size).ToArray());
            }
        }
    }

    /// <summary>Backward writes dy at each window's switch and 0 at its other inputs (and on a dropped odd row/column), like clear + scatter.</summary>
    [Fact]
    public void Backward_MatchesClearAndScatter()
    {
        var rng = new Rng(6);
        foreach (int h in new[] { 2, 3, 10, 28 })
            foreach (int w in new[] { 2, 3, 6, 8, 9, 10, 14, 16, 17, 28, 31, 33, 40 })
            {
                const int maps = 2;
                int oh = h / 2, ow = w / 2, size = oh * ow;
                var x = new float[maps * h * w];
                for (int i = 0; i < x.Length; i++) x[i] = rng.NextInt(4) - 1.5f;   // ties: the switches decide
                var y = new float[maps * size];
                var sw = new int[maps * size];
                MaxPool2x2.Forward(x, h, w, y, sw, maps);
                var dy = new float[maps * size];
                for (int i = 0; i < dy.Length; i++) dy[i] = (float)rng.NextDouble() + 0.5f;
                var expected = new float[maps * h * w];
                for (int m = 0; m < maps; m++)
                    for (int o = 0; o < size; o++) expected[m * h * w + sw[m * size + o]] += dy[m * size + o];
                var dx = new float[maps * h * w + 16];
                Array.Fill(dx, float.NaN);   // everything inside must be written; nothing past the end
                MaxPool2x2.Backward(dy, sw, h, w, dx, maps);
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(dx[i] == expected[i], $"{h}×{w}: dx[{i}] = {dx[i]}, expected {expected[i]}");
                for (int i = expected.Length; i < dx.Length; i++)
                    Assert.True(float.IsNaN(dx[i]), $"{h}×{w}: wrote past dx at {i}");
            }
    }
}
