using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>ReLU, Sigmoid and Tanh: known values, and dX against central differences (they have no parameters).</summary>
public class ActivationTests
{
    public static IEnumerable<object[]> Shapes() =>
    [
        [1, 1, 1, 5],
        [3, 3, 7, 11],
        [3, 20, 1, 1],
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ReLUBackward_MatchesNumericalGradient(int batch, int c, int h, int w) =>
        GradientCheck.CheckLayer(new ReLU("relu"), new SampleShape(c, h, w), batch, fillInput: GradientCheck.FillAwayFromZero);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SigmoidBackward_MatchesNumericalGradient(int batch, int c, int h, int w) =>
        GradientCheck.CheckLayer(new Sigmoid("sigmoid"), new SampleShape(c, h, w), batch, fillInput: Wide);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TanhBackward_MatchesNumericalGradient(int batch, int c, int h, int w) =>
        GradientCheck.CheckLayer(new Tanh("tanh"), new SampleShape(c, h, w), batch, fillInput: Wide);

    /// <summary>x ~ U(−3, 3): covers both the linear middle and the flat tails.</summary>
    private static void Wide(Rng rng, Span<float> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = 3 * GradientCheck.Uniform(rng);
    }

    [Fact]
    public void Activations_ComputeKnownValues()
    {
        float[] x = [-2, 0, 0.5f, 3];
        Assert.Equal([0f, 0f, 0.5f, 3f], Apply(new ReLU(), x));
        float[] sigmoid = Apply(new Sigmoid(), x);
        float[] tanh = Apply(new Tanh(), x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-x[i])), sigmoid[i], 6);
            Assert.Equal(Math.Tanh(x[i]), tanh[i], 6);
        }
    }

    [Fact]
    public void ReLUBackward_PassesGradientOnlyWhereInputIsPositive()
    {
        var relu = new ReLU();
        var shape = SampleShape.Flat(4);
        relu.Build(shape, 1, new Rng(0));
        relu.Forward(new Batch(shape, [-1f, 2f, -3f, 4f]));
        relu.Backward(new Batch(shape, [10f, 20f, 30f, 40f]));
        Assert.Equal([0f, 20f, 0f, 40f], relu.InputGrad.Span.ToArray());
    }

    private static float[] Apply(Layer layer, float[] x)
    {
        var shape = SampleShape.Flat(x.Length);
        layer.Build(shape, 1, new Rng(0));
        return layer.Forward(new Batch(shape, x)).Span.ToArray();
    }
}
