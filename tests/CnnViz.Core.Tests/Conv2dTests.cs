using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>Conv2d and Conv2dNaive on the assignment's worked example, shapes, messages and options.</summary>
public class Conv2dTests
{
    public static IEnumerable<object[]> BothConvolutions() => [["im2col"], ["naive"]];

    private static Conv2dBase Create(string kind, int filters, int kernel, int pad = 0, int stride = 1, string? name = null) =>
        kind == "naive" ? new Conv2dNaive(filters, kernel, pad, stride, name: name) : new Conv2d(filters, kernel, pad, stride, name: name);

    // The assignment's problem-1 example: x (1, 1, 4, 4) = 1..16, two 3×3 filters,
    // w0 = [[0,0,0],[0,1,0],[0,−1,0]] (a vertical difference), w1 = [[0,0,0],[0,−1,1],[0,0,0]] (a horizontal one), b = 0.
    [Theory]
    [MemberData(nameof(BothConvolutions))]
    public void Conv2d_ComputesTheAssignmentExample_ForwardAndBackward(string kind)
    {
        var conv = Create(kind, 2, 3);
        var shape = new SampleShape(1, 4, 4);
        conv.Build(shape, 1, new Rng(0));
        float[] w =
        [
            0, 0, 0,   0, 1, 0,   0, -1, 0,
            0, 0, 0,   0, -1, 1,  0, 0, 0,
        ];
        w.CopyTo(conv.Weights.Value, 0);
        Array.Clear(conv.Bias.Value);

        var y = conv.Forward(new Batch(shape, Enumerable.Range(1, 16).Select(v => (float)v).ToArray()));
        Assert.Equal(new SampleShape(2, 2, 2), conv.OutputShape);
        // a0[i,j] = x[i+1, j+1] − x[i+2, j+1] = −4;  a1[i,j] = −x[i+1, j+1] + x[i+1, j+2] = 1
        Assert.Equal([-4f, -4f, -4f, -4f, 1f, 1f, 1f, 1f], y.Span.ToArray());

        conv.Backward(new Batch(conv.OutputShape, [-4, -4, 10, 11, /**/ 1, -7, 1, -11]));
        // dx[r,c] = Σ_m Σ_i,j dy[m,i,j] · w[m, r−i, c−j], worked by hand.
        Assert.Equal(new float[]
        {
            0,   0,   0,   0,
            0,  -5,   4,  -7,
            0,  13,  27, -11,
            0, -10, -11,   0,
        }, conv.InputGrad.Span.ToArray());
        Assert.Equal([13f, -16f], conv.Bias.Grad);                       // Σ dy per filter
        // dw0[1,1] = Σ dy0[i,j] · x[i+1, j+1] = −4·6 − 4·7 + 10·10 + 11·11
        Assert.Equal(-4 * 6 - 4 * 7 + 10 * 10 + 11 * 11, conv.Weights.Grad[4]);
    }

    [Theory]
    [MemberData(nameof(BothConvolutions))]
    public void Conv2d_ThrowsForKernelLargerThanInput_NamingLayerAndShapes(string kind)
    {
        var conv = Create(kind, 16, 5, name: "conv2");
        var e = Assert.Throws<ShapeException>(() => conv.Build(new SampleShape(6, 4, 4), 1, new Rng(0)));
        Assert.StartsWith("conv2: a 5×5 kernel does not fit a 6×4×4 input", e.Message);
    }

    [Fact]
    public void Conv2d_MentionsThePaddedSize_WhenPaddingIsNotEnough()
    {
        var conv = new Conv2d(2, (7, 3), pad: (1, 0), name: "conv1");
        var e = Assert.Throws<ShapeException>(() => conv.Build(new SampleShape(1, 4, 4), 1, new Rng(0)));
        Assert.Contains("conv1: a 7×3 kernel does not fit a 1×4×4 input padded to 1×6×4", e.Message);
    }

    [Theory]
    [InlineData(28, 28, 5, 2, 1, 28, 28)]   // LeNet conv1
    [InlineData(14, 14, 5, 0, 1, 10, 10)]   // LeNet conv2
    [InlineData(7, 11, 3, 1, 2, 4, 6)]      // ⌊(7 + 2 − 3)/2⌋ + 1 = 4, ⌊(11 + 2 − 3)/2⌋ + 1 = 6
    public void Conv2d_OutputShape_FollowsConvShape(int h, int w, int kernel, int pad, int stride, int oh, int ow)
    {
        var conv = new Conv2d(4, kernel, pad, stride);
        conv.Build(new SampleShape(3, h, w), 1, new Rng(0));
        Assert.Equal(new SampleShape(4, oh, ow), conv.OutputShape);
        Assert.Equal([4, 3, kernel, kernel], conv.Weights.Shape);
        Assert.Equal([4], conv.Bias.Shape);
    }

    [Fact]
    public void Conv2d_Describe_ShowsFiltersKernelPaddingStrideAndOutput()
    {
        var conv = new Conv2d(6, 5, pad: 2, name: "conv1");
        conv.Build(new SampleShape(1, 28, 28), 1, new Rng(0));
        Assert.Equal("conv1: Conv2d 6@5×5 pad 2 → 6×28×28", conv.Describe());
        var strided = new Conv2d(3, (2, 5), stride: (2, 1), name: "c");
        strided.Build(new SampleShape(1, 7, 11), 1, new Rng(0));
        Assert.Equal("c: Conv2d 3@2×5 stride 2×1 → 3×3×7", strided.Describe());
    }

    [Fact]
    public void Conv2d_RejectsBadOptions_NamingTheArgument()
    {
        Assert.Equal("filters", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(0, 3)).ParamName);
        Assert.Equal("kernel", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(1, 0)).ParamName);
        Assert.Equal("pad", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(1, 3, pad: -1)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(1, 3, stride: 0)).ParamName);
    }

    [Fact]
    public void Conv2d_HeInitialization_HasTheExpectedSpread()
    {
        var conv = new Conv2d(64, 5);
        conv.Build(new SampleShape(6, 14, 14), 1, new Rng(3));
        float[] w = conv.Weights.Value;                          // 9,600 draws of N(0, 2/150)
        double mean = w.Average(), std = Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(std, Math.Sqrt(2.0 / 150) * 0.95, Math.Sqrt(2.0 / 150) * 1.05);
        Assert.InRange(mean, -0.01, 0.01);
        Assert.All(conv.Bias.Value, b => Assert.Equal(0f, b));
    }
}
