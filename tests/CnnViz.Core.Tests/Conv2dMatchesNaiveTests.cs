using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>
/// The im2col Conv2d against the formula's loops (Conv2dNaive) with the same weights: forward, dX, dW, db.
/// Both run in float and add the same products in different orders, so they differ by rounding only:
/// tolerance 1e-5 + 1e-5·|reference| (values here are O(1–10); float's ε is 1.2e-7 and the sums have
/// at most C·FH·FW = 45 or N·OH·OW = 231 terms). Any indexing mistake is O(0.1) or more.
/// </summary>
public class Conv2dMatchesNaiveTests
{
    private const double Atol = 1e-5, Rtol = 1e-5;

    [Theory]
    [MemberData(nameof(ConvSweep.Cases), MemberType = typeof(ConvSweep))]
    public void Conv2d_MatchesNaiveLoops_ForwardAndBackward(int batch, int channels, int filters, int h, int w,
        int fh, int fw, int sh, int sw, int ph, int pw)
    {
        Check(batch, channels, filters, h, w, fh, fw, sh, sw, ph, pw, keepColumns: true);
        Check(batch, channels, filters, h, w, fh, fw, sh, sw, ph, pw, keepColumns: false);   // backward unfolds per group
    }

    /// <summary>
    /// The direct path's shapes (see ConvSweep.DirectCases). LeNet-5's dW sums up to 9·784 = 7,056 products in float on
    /// both sides, in different orders: they differ by up to ≈ 2e-4 there, so the absolute tolerance is 1e-3 (an
    /// indexing mistake is still O(0.1) or more).
    /// </summary>
    [Theory]
    [MemberData(nameof(ConvSweep.DirectCases), MemberType = typeof(ConvSweep))]
    public void Conv2d_MatchesNaiveLoops_OnDirectPathShapes(int batch, int channels, int filters, int h, int w,
        int fh, int fw, int sh, int sw, int ph, int pw)
    {
        Check(batch, channels, filters, h, w, fh, fw, sh, sw, ph, pw, keepColumns: true, atol: 1e-3);
        Check(batch, channels, filters, h, w, fh, fw, sh, sw, ph, pw, keepColumns: false, atol: 1e-3);
    }

    /// <summary>The stride-1 shapes that run the direct input gradient (ConvInputGrad) with every tile edge.</summary>
    [Theory]
    [MemberData(nameof(ConvSweep.StrideOneCases), MemberType = typeof(ConvSweep))]
    public void Conv2d_MatchesNaiveLoops_StrideOneTileEdges(int batch, int channels, int filters, int h, int w,
        int fh, int fw, int sh, int sw, int ph, int pw)
        => Check(batch, channels, filters, h, w, fh, fw, sh, sw, ph, pw, keepColumns: true);

    private static void Check(int batch, int channels, int filters, int h, int w,
        int fh, int fw, int sh, int sw, int ph, int pw, bool keepColumns, double atol = Atol)
    {
        var shape = new SampleShape(channels, h, w);
        var fast = new Conv2d(filters, (fh, fw), pad: (ph, pw), stride: (sh, sw), name: "conv");
        var naive = new Conv2dNaive(filters, (fh, fw), pad: (ph, pw), stride: (sh, sw), name: "naive");
        if (!keepColumns) fast.KeptColsLimitBytes = 0;
        fast.Build(shape, batch, new Rng(7));
        naive.Build(shape, batch, new Rng(99));
        fast.Weights.Value.CopyTo(naive.Weights.Value, 0);
        var rng = new Rng(3);
        for (int i = 0; i < fast.Bias.Length; i++) fast.Bias.Value[i] = naive.Bias.Value[i] = GradientCheck.Uniform(rng);

        var x = new Batch(shape, batch);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = GradientCheck.Uniform(rng);
        var dy = new Batch(fast.OutputShape, batch);
        for (int i = 0; i < dy.Data.Length; i++) dy.Data[i] = GradientCheck.Uniform(rng);

        Assert.Equal(naive.OutputShape, fast.OutputShape);
        // Step 1: backward unfolds the input itself; step 2 (new x and dy): backward uses the im2col forward kept.
        for (int step = 1; step <= 2; step++)
        {
            if (step == 2)
            {
                for (int i = 0; i < x.Data.Length; i++) x.Data[i] = GradientCheck.Uniform(rng);
                for (int i = 0; i < dy.Data.Length; i++) dy.Data[i] = GradientCheck.Uniform(rng);
            }
            string label = $"step {step}{(keepColumns ? "" : ", columns not kept")}";
            Compare($"{label} forward", atol, naive.Forward(x).Span, fast.Forward(x).Span);
            naive.Backward(dy);
            fast.Backward(dy);
            Compare($"{label} dX", atol, naive.InputGrad.Span, fast.InputGrad.Span);
            Compare($"{label} dW", atol, naive.Weights.Grad, fast.Weights.Grad);
            Compare($"{label} db", atol, naive.Bias.Grad, fast.Bias.Grad);
        }
    }

    private static void Compare(string label, double atol, ReadOnlySpan<float> reference, ReadOnlySpan<float> actual)
    {
        var numeric = new double[reference.Length];
        for (int i = 0; i < numeric.Length; i++) numeric[i] = reference[i];
        GradientCheck.AssertClose($"Conv2d vs Conv2dNaive {label}", actual.ToArray(), numeric, atol, Rtol,
            actualName: "im2col", referenceName: "naive");
    }
}
