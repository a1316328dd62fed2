using CnnViz.Core.Kernels;

namespace CnnViz.Core.Tests.Kernels;

/// <summary>
/// <see cref="DirectConv"/>'s kernels against the formula's loops (in double), at whatever width this CPU runs
/// (and, through <see cref="FallbackKernelTests"/>, at AVX2's, which Conv2d itself does not use). The sweep hits every
/// register-tile edge: filters 1..7 (tiles of 6 or 2 forward, 6 or 3 for dW), output heights that are not a multiple
/// of the row block (OH = 5), widths OW = 1, lanes − 1, lanes, lanes + 1, 2·lanes, 2·lanes + 1 (3 vectors), 4·lanes
/// (a shifted last vector, masked rows, 1 to 4 vectors per row), a stride height of 2, and LeNet-5's two layers.
/// Outputs sit between NaN guards, so a store one float too far shows up. Tolerance: 1e-6 of the sum of |terms|
/// (float's ε is 1.2e-7; an indexing mistake is of the order of a whole term).
/// </summary>
public class DirectConvTests
{
    private const int Guard = 64;   // NaN floats after y and around dW

    /// <summary>Rows: batch, channels, filters, H, W, FH, FW, SH, PH, PW.</summary>
    public static IEnumerable<object[]> Shapes()
    {
        if (!Simd.IsVectorized) yield break;
        int lanes = Simd.Lanes;
        yield return [9, 1, 6, 28, 28, 5, 5, 1, 2, 2];     // LeNet-5 conv1
        yield return [9, 6, 16, 14, 14, 5, 5, 1, 0, 0];    // LeNet-5 conv2
        foreach (int filters in new[] { 1, 2, 3, 4, 5, 6, 7 })
            foreach (int ow in new[] { 1, lanes - 1, lanes, lanes + 1, 2 * lanes, 2 * lanes + 1, 4 * lanes }.Where(o => o >= 1).Distinct())
                yield return [3, 2, filters, 7, ow, 3, 3, 1, 0, 1];   // OH = 5, OW = W + 2·1 − 3 + 1
        yield return [2, 3, 5, 11, 9, 3, 2, 2, 1, 0];      // stride height 2: OH = 6
        yield return [2, 1, 7, 4, 6, 4, 1, 1, 0, 0];       // FW = 1
    }

    /// <summary>
    /// Shapes for <see cref="DirectConvFilterLanes"/> (filters = 1 or 2 vectors): output widths 1, 12, 13 and 25
    /// against its 2 × 12 forward tiles, an odd OH, kernels of 7 × 6 against its 5 × 5 dW tiles, stride height 2.
    /// </summary>
    public static IEnumerable<object[]> FilterLaneShapes()
    {
        if (!Simd.IsVectorized) yield break;
        int lanes = Simd.Lanes;
        yield return [9, 6, 16, 14, 14, 5, 5, 1, 0, 0];    // LeNet-5 conv2
        foreach (int ow in new[] { 1, 12, 13, 25 })
            yield return [3, 2, lanes, 7, ow, 3, 3, 1, 0, 1];   // OH = 5
        yield return [2, 2, 2 * lanes, 9, 9, 7, 6, 1, 1, 2];
        yield return [2, 3, lanes, 11, 9, 3, 2, 2, 1, 0];
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_MatchesLoops(int batch, int channels, int filters, int h, int w, int fh, int fw, int sh, int ph, int pw)
        => CheckForward(batch, channels, filters, h, w, fh, fw, sh, ph, pw, filterLanes: false);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void WeightGrad_MatchesLoops(int batch, int channels, int filters, int h, int w, int fh, int fw, int sh, int ph, int pw)
        => CheckWeightGrad(batch, channels, filters, h, w, fh, fw, sh, ph, pw, filterLanes: false);

    [Theory]
    [MemberData(nameof(FilterLaneShapes))]
    public void FilterLanes_Forward_MatchesLoops(int batch, int channels, int filters, int h, int w, int fh, int fw, int sh, int ph, int pw)
        => CheckForward(batch, channels, filters, h, w, fh, fw, sh, ph, pw, filterLanes: true);

    [Theory]
    [MemberData(nameof(FilterLaneShapes))]
    public void FilterLanes_WeightGrad_MatchesLoops(int batch, int channels, int filters, int h, int w, int fh, int fw, int sh, int ph, int pw)
        => CheckWeightGrad(batch, channels, filters, h, w, fh, fw, sh, ph, pw, filterLanes: true);

    private static void CheckForward(int batch, int channels, int filters, int h, int w, int fh, int fw, int sh, int ph, int pw, bool filterLanes)
    {
        var g = new ConvGeometry(channels, h, w, fh, fw, ph, pw, sh, 1);
        Assert.True(filterLanes ? DirectConvFilterLanes.CanRun(g, filters) : DirectConv.CanRun(g));
        var layout = DirectConv.Layout(g);
        var rng = new Rng(5);
        float[] x = Random(rng, batch * g.InputSize), wts = Random(rng, filters * g.PatchSize), bias = Random(rng, filters);
        var xp = new float[layout.InputSize];
        var wt = new float[wts.Length];
        DirectConvFilterLanes.Transpose(wts, filters, g.PatchSize, wt);
        var y = new float[filters * g.OutputPositions + Guard];
        for (int n = 0; n < batch; n++)
        {
            Array.Fill(y, float.NaN);
            layout.Fill(x.AsSpan(n * g.InputSize, g.InputSize), xp);
            if (filterLanes) DirectConvFilterLanes.Forward(wt, bias, xp, layout, filters, y.AsSpan(0, filters * g.OutputPositions));
            else DirectConv.Forward(wts, bias, xp, layout, filters, y.AsSpan(0, filters * g.OutputPositions));
            for (int m = 0; m < filters; m++)
                for (int i = 0; i < g.OutHeight; i++)
                    for (int j = 0; j < g.OutWidth; j++)
                    {
                        double sum = bias[m], abs = Math.Abs(bias[m]);
                        for (int c = 0; c < channels; c++)
                            for (int s = 0; s < fh; s++)
                                for (int t = 0; t < fw; t++)
                                {
                                    double term = X(x, g, n, c, i * sh + s - ph, j + t - pw) * wts[((m * channels + c) * fh + s) * fw + t];
                                    sum += term;
                                    abs += Math.Abs(term);
                                }
                        float got = y[(m * g.OutHeight + i) * g.OutWidth + j];
                        Assert.True(Math.Abs(got - sum) <= 1e-6 * abs + 1e-7, $"y[{n},{m},{i},{j}] = {got}, loops give {sum}");
                    }
            for (int i = filters * g.OutputPositions; i < y.Length; i++) Assert.True(float.IsNaN(y[i]), $"wrote past y at {i}");
        }
    }

    private static void CheckWeightGrad(int batch, int channels, int filters, int h, int w, int fh, int fw, int sh, int ph, int pw, bool filterLanes)
    {
        var g = new ConvGeometry(channels, h, w, fh, fw, ph, pw, sh, 1);
        var layout = DirectConv.Layout(g);
        var rng = new Rng(6);
        float[] x = Random(rng, batch * g.InputSize), dy = Random(rng, batch * filters * g.OutputPositions);
        float[] xp = new float[batch * layout.InputSize], dyp = new float[batch * Math.Max(layout.GradSize(filters), filters * g.OutputPositions)];
        for (int n = 0; n < batch; n++)
        {
            layout.Fill(x.AsSpan(n * g.InputSize, g.InputSize), xp.AsSpan(n * layout.InputSize));
            if (filterLanes) DirectConvFilterLanes.TransposeGrad(dy.AsSpan(n * filters * g.OutputPositions), filters, g.OutputPositions, dyp.AsSpan(n * filters * g.OutputPositions));
            else layout.FillGrad(dy.AsSpan(n * filters * g.OutputPositions), dyp.AsSpan(n * layout.GradSize(filters)), filters);
        }
        int k = g.PatchSize;
        var dW = new float[filters * k + 2 * Guard];
        Array.Fill(dW, float.NaN, 0, Guard);
        Array.Fill(dW, float.NaN, Guard + filters * k, Guard);
        for (int i = 0; i < filters * k; i++) dW[Guard + i] = 1f;   // it adds: start from 1
        if (filterLanes)
        {
            var dwt = new float[filters * k];
            DirectConvFilterLanes.AddWeightGrad(dyp, xp, batch, layout, filters, dwt);
            DirectConvFilterLanes.AddTransposed(dwt, filters, k, dW.AsSpan(Guard, filters * k));
        }
        else DirectConv.AddWeightGrad(dyp, xp, batch, layout, filters, dW.AsSpan(Guard, filters * k));
        for (int m = 0; m < filters; m++)
            for (int p = 0; p < k; p++)
            {
                int c = p / (fh * fw), s = p / fw % fh, t = p % fw;
                double sum = 1, abs = 1;
                for (int n = 0; n < batch; n++)
                    for (int i = 0; i < g.OutHeight; i++)
                        for (int j = 0; j < g.OutWidth; j++)
                        {
                            double term = dy[((n * filters + m) * g.OutHeight + i) * g.OutWidth + j] * X(x, g, n, c, i * sh + s - ph, j + t - pw);
                            sum += term;
                            abs += Math.Abs(term);
                        }
                float got = dW[Guard + m * k + p];
                Assert.True(Math.Abs(got - sum) <= 1e-6 * abs, $"dW[{m},{c},{s},{t}] = {got}, loops give {sum}");
            }
        for (int i = 0; i < Guard; i++)
            Assert.True(float.IsNaN(dW[i]) && float.IsNaN(dW[Guard + filters * k + i]), "wrote outside dW");
    }

    /// <summary>x[n, c, r, q], 0 in the padding.</summary>
    private static double X(float[] x, ConvGeometry g, int n, int c, int r, int q)
        => r < 0 || r >= g.Height || q < 0 || q >= g.Width ? 0 : x[((n * g.Channels + c) * g.Height + r) * g.Width + q];

    private static float[] Random(Rng rng, int length)
    {
        var a = new float[length];
        for (int i = 0; i < a.Length; i++) a[i] = GradientCheck.Uniform(rng);
        return a;
    }
}
