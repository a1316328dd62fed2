namespace CnnViz.Core.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015): m ← β1·m + (1−β1)·dW;  v ← β2·v + (1−β2)·dW²;
/// W ← W − α·m̂ / (√v̂ + ε) with the bias corrections m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ).
/// </summary>
public sealed class Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    : Optimizer(learningRate)
{
    public float Beta1 { get; } = beta1;
    public float Beta2 { get; } = beta2;
    public float Epsilon { get; } = epsilon;
    public override string Name => "adam";
    protected override int StateBufferCount => 2;

    protected override void Apply(Span<float> value, ReadOnlySpan<float> grad, in StateRange state)
    {
        Span<float> m = state.Buffer(0), v = state.Buffer(1);
        float correction1 = 1f - MathF.Pow(Beta1, state.Step);
        float correction2 = 1f - MathF.Pow(Beta2, state.Step);
        float lr = LearningRate;
        for (int i = 0; i < value.Length; i++)
        {
            float g = grad[i];
            m[i] = Beta1 * m[i] + (1f - Beta1) * g;
            v[i] = Beta2 * v[i] + (1f - Beta2) * g * g;
            value[i] -= lr * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + Epsilon);
        }
    }
}
