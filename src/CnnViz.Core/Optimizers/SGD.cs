using System.Numerics.Tensors;

namespace CnnViz.Core.Optimizers;

/// <summary>Plain stochastic gradient descent: W ← W − α·dW.</summary>
public sealed class SGD(float learningRate = 0.01f) : Optimizer(learningRate)
{
    public override string Name => "sgd";
    protected override int StateBufferCount => 0;

    protected override void Apply(Span<float> value, ReadOnlySpan<float> grad, in StateRange state)
        // value = value + grad·(−α)
        => TensorPrimitives.MultiplyAdd(grad, -LearningRate, value, value);
}
