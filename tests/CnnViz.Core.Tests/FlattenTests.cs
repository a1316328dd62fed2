using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class FlattenTests
{
    [Fact]
    public void Flatten_ReshapesNCHWToNByCHW_AndBackRestoresTheShape()
    {
        var flatten = new Flatten("flatten");
        var shape = new SampleShape(2, 2, 3);
        flatten.Build(shape, 2, new Rng(0));
        Assert.Equal(SampleShape.Flat(12), flatten.OutputShape);

        float[] x = Enumerable.Range(0, 24).Select(v => (float)v).ToArray();
        var y = flatten.Forward(new Batch(shape, x));
        Assert.Equal(2, y.Count);
        Assert.Equal(x, y.Span.ToArray());                   // NCHW memory already is (N, C·H·W)

        float[] dy = Enumerable.Range(100, 24).Select(v => (float)v).ToArray();
        var dx = flatten.Backward(new Batch(SampleShape.Flat(12), dy));
        Assert.Equal(shape, dx.Shape);
        Assert.Equal(dy, dx.Span.ToArray());
    }

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 3, 7, 11)]
    public void FlattenBackward_MatchesNumericalGradient(int batch, int c, int h, int w) =>
        GradientCheck.CheckLayer(new Flatten("flatten"), new SampleShape(c, h, w), batch);
}
