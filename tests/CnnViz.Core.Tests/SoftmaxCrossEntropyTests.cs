using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void SoftmaxCrossEntropy_MatchesHandComputedLoss_AndIsStableForHugeLogits()
    {
        var loss = new SoftmaxCrossEntropy(3, 2);
        // Sample 0: logits (1, 2, 3), label 2 → −log(e³ / (e + e² + e³)).
        // Sample 1: logits (1000, 0, −1000), label 0 → log(1 + e^−1000 + e^−2000) ≈ 0 (naive exp would overflow).
        var logits = new Batch(SampleShape.Flat(3), [1, 2, 3, 1000, 0, -1000]);
        float l = loss.Forward(logits, [2, 0]);
        double expected0 = -Math.Log(Math.Exp(3) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)));
        Assert.Equal(expected0 / 2, l, 5);
        Assert.True(float.IsFinite(l));
        Assert.Equal(1f, loss.Probabilities.Sample(1)[0], 6);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 10)]
    public void SoftmaxCrossEntropyBackward_MatchesNumericalGradient(int batch, int classes)
    {
        var rng = new Rng(5);
        var loss = new SoftmaxCrossEntropy(classes, batch);
        var logits = new Batch(SampleShape.Flat(classes), batch);
        for (int i = 0; i < logits.Data.Length; i++) logits.Data[i] = 3 * GradientCheck.Uniform(rng);
        int[] labels = Enumerable.Range(0, batch).Select(_ => rng.NextInt(classes)).ToArray();
        loss.Forward(logits, labels);
        float[] analytic = loss.Backward().Span.ToArray();
        double[] numeric = GradientCheck.Numeric(logits.Data, () => loss.Forward(logits, labels), GradientCheck.LayerStep);
        var (atol, rtol) = GradientCheck.LayerTolerance;
        GradientCheck.AssertClose("softmax cross-entropy dZ", analytic, numeric, atol, rtol);
    }

    [Fact]
    public void SoftmaxCrossEntropy_RejectsLabelsOfTheWrongCountOrRange()
    {
        var loss = new SoftmaxCrossEntropy(10, 4);
        var logits = new Batch(SampleShape.Flat(10), 4);
        var e = Assert.Throws<ArgumentException>(() => loss.Forward(logits, [1, 2, 3]));
        Assert.Contains("3 labels for a batch of 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => loss.Forward(logits, [1, 2, 10, 0]));
        Assert.Contains("label 10 at position 2 is outside 0..9", e.Message);
    }
}
