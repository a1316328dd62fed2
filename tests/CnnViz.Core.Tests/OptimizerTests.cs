using CnnViz.Core.Layers;
using CnnViz.Core.Optimizers;

namespace CnnViz.Core.Tests;

/// <summary>One hand-computed step of each optimizer (two for Adam's bias correction); state kept per parameter.</summary>
public class OptimizerTests
{
    private static Parameter Param(float value, float grad)
    {
        var p = new Parameter("p", 1);
        p.Value[0] = value;
        p.Grad[0] = grad;
        return p;
    }

    [Fact]
    public void SGD_StepsAgainstTheGradient()
    {
        var p = Param(1f, 0.5f);
        new SGD(0.1f).Update(p);
        Assert.Equal(0.95f, p.Value[0], 6);                  // 1 − 0.1·0.5
    }

    [Fact]
    public void Momentum_AccumulatesVelocity()
    {
        var p = Param(1f, 0.5f);
        var opt = new Momentum(0.1f, 0.9f);
        opt.Update(p);                                      // v = 0.5,             W = 1 − 0.05 = 0.95
        Assert.Equal(0.95f, p.Value[0], 6);
        p.Grad[0] = 1f;
        opt.Update(p);                                      // v = 0.9·0.5 + 1 = 1.45, W = 0.95 − 0.145 = 0.805
        Assert.Equal(0.805f, p.Value[0], 6);
        Assert.Equal(1.45f, opt.StateOf(p).Buffers[0][0], 6);
    }

    [Fact]
    public void AdaGrad_ShrinksStepsAsSquaredGradientsAccumulate()
    {
        var p = Param(1f, 2f);
        var opt = new AdaGrad(0.1f, epsilon: 0f);
        opt.Update(p);                                      // h = 4,  W = 1 − 0.1·2/2 = 0.9
        Assert.Equal(0.9f, p.Value[0], 6);
        opt.Update(p);                                      // h = 8,  W = 0.9 − 0.1·2/√8
        Assert.Equal(0.9 - 0.2 / Math.Sqrt(8), p.Value[0], 6);
    }

    [Fact]
    public void Adam_FirstTwoSteps_ApplyTheBiasCorrection()
    {
        var p = Param(1f, 0.5f);
        var opt = new Adam(0.1f, 0.9f, 0.999f, epsilon: 0f);
        // t = 1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25 → step α·0.5/0.5 = α (Adam's first step is ±α).
        opt.Update(p);
        Assert.Equal(0.9f, p.Value[0], 6);
        // t = 2 with g = 1: m = 0.9·0.05 + 0.1 = 0.145, v = 0.999·0.00025 + 0.001 = 0.00124975;
        // m̂ = 0.145/0.19 , v̂ = 0.00124975/0.001999.
        p.Grad[0] = 1f;
        opt.Update(p);
        double mHat = 0.145 / (1 - 0.81), vHat = 0.00124975 / (1 - 0.998001);
        Assert.Equal(0.9 - 0.1 * mHat / Math.Sqrt(vHat), p.Value[0], 5);
        Assert.Equal(2, opt.StateOf(p).Step);
    }

    [Fact]
    public void Optimizer_KeepsSeparateStatePerParameter()
    {
        var a = Param(1f, 1f);
        var b = Param(1f, 1f);
        var opt = new Momentum(0.1f, 0.9f);
        opt.Update(a);
        opt.Update(a);                                      // a's velocity: 1, then 1.9
        opt.Update(b);                                      // b's first step: velocity 1
        Assert.Equal(1 - 0.1f - 0.19f, a.Value[0], 6);
        Assert.Equal(0.9f, b.Value[0], 6);
        Assert.Equal(1f, opt.StateOf(b).Buffers[0][0]);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void Optimizer_RejectsANonPositiveLearningRate(float lr) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(lr));
}

public class WeightDecayTests
{
    [Fact]
    public void WeightDecay_AddsLambdaTimesW_ToWeightGradients_NotToBiases()
    {
        var w = new Parameter("fc.W", 1); w.Value[0] = 2f; w.Grad[0] = 0.5f;
        var b = new Parameter("fc.b", 1); b.Value[0] = 2f; b.Grad[0] = 0.5f;
        var sgd = new SGD(0.1f) { WeightDecay = 0.25f };
        sgd.Update(w); sgd.Update(b);
        Assert.Equal(2f - 0.1f * (0.5f + 0.25f * 2f), w.Value[0], 6); // W − α(dW + λW) = 1.9
        Assert.Equal(2f - 0.1f * 0.5f, b.Value[0], 6);                // the bias: no decay
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void WeightDecay_RejectsNegativeOrNonFinite(float lambda) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(0.1f).WeightDecay = lambda);
}
