using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class DenseTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 7, 5)]
    [InlineData(3, 7, 5)]
    [InlineData(3, 20, 12)]
    public void DenseBackward_MatchesNumericalGradient(int batch, int inputs, int outputs) =>
        GradientCheck.CheckLayer(new Dense(outputs, name: "fc"), SampleShape.Flat(inputs), batch);

    [Fact]
    public void Dense_ComputesXTimesWPlusB()
    {
        var fc = new Dense(2, name: "fc");
        fc.Build(SampleShape.Flat(3), 2, new Rng(0));
        float[] w = [1, 2, /**/ 3, 4, /**/ 5, 6];            // W (I=3, O=2)
        w.CopyTo(fc.Weights.Value, 0);
        fc.Bias.Value[0] = 0.5f; fc.Bias.Value[1] = -1f;
        var y = fc.Forward(new Batch(SampleShape.Flat(3), [1, 0, 0, /**/ 1, 1, 1]));
        Assert.Equal([1.5f, 1f, 9.5f, 11f], y.Span.ToArray()); // row 1: (1+3+5, 2+4+6) + b
    }

    [Fact]
    public void Dense_OnAnImage_SaysToAddAFlatten()
    {
        var fc = new Dense(10, name: "fc1");
        var e = Assert.Throws<ShapeException>(() => fc.Build(new SampleShape(16, 5, 5), 1, new Rng(0)));
        Assert.Contains("fc1", e.Message);
        Assert.Contains("16×5×5", e.Message);
        Assert.Contains("Flatten", e.Message);
    }
}
