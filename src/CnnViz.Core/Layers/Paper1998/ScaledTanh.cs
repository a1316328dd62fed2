using System.Numerics.Tensors;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// The squashing function of LeCun et al. 1998 (Appendix A): y = f(a) = A·tanh(S·a) with A = 1.7159, S = 2/3,
/// chosen so that f(±1) = ±1 and the gain is near 1 around 0. dx = dy · A·S·(1 − tanh²) = dy · S·(A − y²/A),
/// computed from the output. Shape unchanged.
/// </summary>
public sealed class ScaledTanh(string? name = null) : Layer(name)
{
    public const float A = 1.7159f, S = 2f / 3f;

    public override string Kind => "tanh";

    public override string Describe() => $"{Name}: 1.7159·tanh(2a/3) → {OutputShape}";

    protected override SampleShape InferOutputShape(SampleShape input) => input;

    protected override void ForwardCore(Batch x, Batch y)
    {
        TensorPrimitives.Multiply(x.Span, S, y.Span);   // S·a
        TensorPrimitives.Tanh(y.Span, y.Span);          // tanh(S·a)
        TensorPrimitives.Multiply(y.Span, A, y.Span);   // A·tanh(S·a)
    }

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        if (!NeedsInputGrad) return;
        ReadOnlySpan<float> y = Output.Span;
        Span<float> d = dx.Span;
        TensorPrimitives.Multiply(y, y, d);                  // y²
        TensorPrimitives.Multiply(d, -1f / A, d);            // −y²/A
        TensorPrimitives.Add(d, A, d);                       // A − y²/A
        TensorPrimitives.Multiply(d, S, d);                  // S·(A − y²/A)
        TensorPrimitives.Multiply(d, dy.Span, d);            // · dy
    }
}
