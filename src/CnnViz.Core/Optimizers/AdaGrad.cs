namespace CnnViz.Core.Optimizers;

/// <summary>AdaGrad: h ← h + dW²;  W ← W − α·dW / (√h + ε). Each weight's step shrinks as its gradients accumulate.</summary>
public sealed class AdaGrad(float learningRate = 0.01f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    public float Epsilon { get; } = epsilon;
    public override string Name => "adagrad";
    protected override int StateBufferCount => 1;

    protected override void Apply(Span<float> value, ReadOnlySpan<float> grad, in StateRange state)
    {
        Span<float> h = state.Buffer(0);
        float lr = LearningRate;
        for (int i = 0; i < value.Length; i++)
        {
            h[i] += grad[i] * grad[i];
            value[i] -= lr * grad[i] / (MathF.Sqrt(h[i]) + Epsilon);
        }
    }
}
