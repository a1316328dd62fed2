using CnnViz.Core.Kernels;

namespace CnnViz.Core.Tests.Kernels;

/// <summary>
/// The direct input-gradient kernel against the formula's loops, dx[c, y, x] = Σ_m Σ_s Σ_t w[m,c,s,t] · dY[m, y+PH−s, x+PW−t]
/// (computed in double, as the scatter dx[c, i−PH+s, j−PW+t] += w·dY of Conv2dNaive), over shapes that hit every
/// register-tile edge: channels 1..7 (tiles of up to 6), H = 5 (not a multiple of the segment block), W = 1,
/// lanes − 1, lanes, lanes + 1, 2·lanes + 3, padding 0..2, kernels 1×1, 3×3, 5×5, 2×5; and every tile shape
/// on LeNet-5's conv2 and a ragged shape. Tolerance as in <see cref="Conv2dMatchesNaiveTests"/>: float sums of at
/// most M·FH·FW = 75 terms of O(1) against double; an indexing mistake is O(0.1).
/// dx starts as NaN: a cell the kernel does not write fails.
/// </summary>
public class ConvInputGradTests
{
    private const double Atol = 1e-5, Rtol = 1e-5;

    public static IEnumerable<object[]> EdgeShapes()
    {
        int lanes = Simd.Lanes;
        foreach (int channels in new[] { 1, 2, 3, 4, 5, 6, 7 })
        foreach (int w in new[] { 1, lanes - 1, lanes, lanes + 1, 2 * lanes + 3 }.Where(w => w >= 1).Distinct())
        foreach (var (fh, fw) in new[] { (1, 1), (3, 3), (5, 5), (2, 5) })
        foreach (int pad in new[] { 0, 1, 2 })
            if (5 + 2 * pad >= fh && w + 2 * pad >= fw && (channels == 3 || channels == 7 || w == lanes + 1))
                yield return [channels, 3, 5, w, fh, fw, pad, pad];
        yield return [6, 16, 14, 14, 5, 5, 0, 0];   // LeNet-5's conv2
        yield return [1, 6, 28, 28, 5, 5, 2, 2];    // LeNet-5's conv1 (its dX is never needed, but the shape is common)
        yield return [2, 3, 7, 11, 3, 2, 2, 0];     // unequal padding
        yield return [2, 2, 3, 4, 1, 1, 2, 2];      // padding larger than the kernel: dY's border rows touch no input
    }

    [Theory]
    [MemberData(nameof(EdgeShapes))]
    public void InputGrad_MatchesFormula_AtTileEdges(int channels, int filters, int h, int w, int fh, int fw, int ph, int pw)
    {
        if (!ConvInputGrad.Supports(new ConvGeometry(1, 1, 1, 1, 1))) return;   // the scalar fallback keeps Wᵀ·dY + col2im
        Check(channels, filters, h, w, fh, fw, ph, pw, tile: null);
    }

    [Theory]
    [InlineData(6, 16, 14, 14, 5, 5, 0, 0)]
    [InlineData(7, 3, 5, 19, 3, 3, 1, 1)]
    public void InputGrad_MatchesFormula_WithEveryTileShape(int channels, int filters, int h, int w, int fh, int fw, int ph, int pw)
    {
        if (!ConvInputGrad.Supports(new ConvGeometry(1, 1, 1, 1, 1))) return;
        for (int c = 1; c <= 6; c++)
            for (int q = 1; q <= 4; q++)
                Check(channels, filters, h, w, fh, fw, ph, pw, (c, q));
    }

    /// <summary>Two calls with different geometries in a row on one thread: the scratch's border must be zero again.</summary>
    [Fact]
    public void InputGrad_MatchesFormula_WhenTheGeometryChangesBetweenCalls()
    {
        if (!ConvInputGrad.Supports(new ConvGeometry(1, 1, 1, 1, 1))) return;
        Check(2, 3, 5, 9, 3, 3, 0, 0, null);
        Check(2, 3, 5, 9, 3, 3, 2, 2, null);
        Check(2, 3, 5, 9, 3, 3, 0, 0, null);
    }

    internal static void Check(int channels, int filters, int h, int w, int fh, int fw, int ph, int pw, (int, int)? tile)
    {
        var g = new ConvGeometry(channels, h, w, fh, fw, ph, pw);
        var rng = new Rng((ulong)(11 + channels * 31 + w));
        float[] weights = Random(rng, filters * g.PatchSize), dy = Random(rng, filters * g.OutputPositions);
        var dx = new float[g.InputSize + 1];   // one guard cell past dx: the kernel must not write it
        Array.Fill(dx, float.NaN);
        ConvInputGrad.Compute(weights, dy, g, filters, dx.AsSpan(0, g.InputSize), tile);
        Assert.True(float.IsNaN(dx[^1]), "the kernel wrote past dx");
        GradientCheck.AssertClose($"ConvInputGrad C{channels} M{filters} {h}x{w} k{fh}x{fw} pad {ph},{pw} tile {tile}",
            dx[..^1], Reference(weights, dy, g, filters), Atol, Rtol, actualName: "direct", referenceName: "loops");
    }

    private static float[] Random(Rng rng, int length)
    {
        var a = new float[length];
        for (int i = 0; i < length; i++) a[i] = GradientCheck.Uniform(rng);
        return a;
    }

    /// <summary>Each product in the forward sum a[m,i,j] += x[c, i+s−PH, j+t−PW] · w[m,c,s,t] sends dY back: dx += dY·w.</summary>
    private static double[] Reference(float[] w, float[] dy, ConvGeometry g, int filters)
    {
        var dx = new double[g.InputSize];
        for (int m = 0; m < filters; m++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        for (int c = 0; c < g.Channels; c++)
        for (int s = 0; s < g.KernelHeight; s++)
        for (int t = 0; t < g.KernelWidth; t++)
        {
            int y = i + s - g.PadHeight, x = j + t - g.PadWidth;
            if (y < 0 || y >= g.Height || x < 0 || x >= g.Width) continue;
            dx[(c * g.Height + y) * g.Width + x] += (double)dy[(m * g.OutHeight + i) * g.OutWidth + j]
                * w[((m * g.Channels + c) * g.KernelHeight + s) * g.KernelWidth + t];
        }
        return dx;
    }
}
