using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>dX, dW and db of both convolutions against central differences, over the whole <see cref="ConvSweep"/>.</summary>
public class Conv2dGradientTests
{
    [Theory]
    [MemberData(nameof(ConvSweep.Cases), MemberType = typeof(ConvSweep))]
    public void Conv2dBackward_MatchesNumericalGradient(int batch, int channels, int filters, int h, int w,
        int fh, int fw, int sh, int sw, int ph, int pw)
    {
        var conv = new Conv2d(filters, (fh, fw), pad: (ph, pw), stride: (sh, sw), name: "conv");
        GradientCheck.CheckLayer(conv, new SampleShape(channels, h, w), batch);
    }

    [Theory]
    [MemberData(nameof(ConvSweep.Cases), MemberType = typeof(ConvSweep))]
    public void Conv2dNaiveBackward_MatchesNumericalGradient(int batch, int channels, int filters, int h, int w,
        int fh, int fw, int sh, int sw, int ph, int pw)
    {
        var conv = new Conv2dNaive(filters, (fh, fw), pad: (ph, pw), stride: (sh, sw), name: "conv");
        GradientCheck.CheckLayer(conv, new SampleShape(channels, h, w), batch);
    }

    [Fact]
    public void Conv2dBackward_MatchesNumericalGradient_Stride2Pad1()
    {
        var conv = new Conv2d(4, 3, pad: 1, stride: 2, name: "conv");
        GradientCheck.CheckLayer(conv, new SampleShape(3, 7, 11), batch: 3);
    }

    [Fact]
    public void Conv2dBackward_SkipsInputGradient_WhenNotNeeded()
    {
        var conv = new Conv2d(2, 3, name: "conv1") { NeedsInputGrad = false };
        var shape = new SampleShape(1, 5, 5);
        conv.Build(shape, 1, new Rng(1));
        var x = new Batch(shape, 1);
        x.Data.AsSpan().Fill(1f);
        var y = conv.Forward(x);
        var dy = new Batch(conv.OutputShape, 1);
        dy.Data.AsSpan().Fill(1f);
        conv.Backward(dy);
        Assert.All(conv.InputGrad.Data, v => Assert.Equal(0f, v));
        Assert.All(conv.Weights.Grad, v => Assert.Equal(9f, v)); // dW = Σ over the 3×3 output positions of 1·1
        Assert.All(conv.Bias.Grad, v => Assert.Equal(9f, v));
        Assert.Equal(2 * 9, y.Span.Length);
    }
}
