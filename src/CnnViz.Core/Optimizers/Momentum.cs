using System.Numerics.Tensors;

namespace CnnViz.Core.Optimizers;

/// <summary>
/// SGD with momentum, as PyTorch writes it: v ← μ·v + dW;  W ← W − α·v.
/// (Same trajectory as the textbook v ← μ·v − α·dW when α is constant.)
/// </summary>
public sealed class Momentum(float learningRate = 0.01f, float momentum = 0.9f) : Optimizer(learningRate)
{
    public float Mu { get; } = momentum is >= 0 and < 1 ? momentum
        : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");

    public override string Name => "momentum";
    protected override int StateBufferCount => 1;

    protected override void Apply(Span<float> value, ReadOnlySpan<float> grad, in StateRange state)
    {
        Span<float> v = state.Buffer(0);
        TensorPrimitives.MultiplyAdd(v, Mu, grad, v);                 // v = μ·v + dW
        TensorPrimitives.MultiplyAdd(v, -LearningRate, value, value); // W = W − α·v
    }
}
