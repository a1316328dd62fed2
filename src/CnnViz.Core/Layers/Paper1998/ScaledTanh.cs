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

    internal override bool ChunksArePerSample => true;   // element by element, sample by sample

    protected override void ForwardRange(int chunk, int first, int count)
    {
        Batch x = Input, y = Output;
        TensorPrimitives.Multiply(x.Samples(first, count), S, y.Samples(first, count));   // S·a
        TensorPrimitives.Tanh(y.Samples(first, count), y.Samples(first, count));          // tanh(S·a)
        TensorPrimitives.Multiply(y.Samples(first, count), A, y.Samples(first, count));   // A·tanh(S·a)
    }

    protected override void BackwardRange(int chunk, int first, int count)
    {
        Batch dy = OutputGrad, dx = InputGrad;
        if (!NeedsInputGrad) return;
        ReadOnlySpan<float> y = Output.Samples(first, count);
        Span<float> d = dx.Samples(first, count);
        TensorPrimitives.Multiply(y, y, d);                  // y²
        TensorPrimitives.Multiply(d, -1f / A, d);            // −y²/A
        TensorPrimitives.Add(d, A, d);                       // A − y²/A
        TensorPrimitives.Multiply(d, S, d);                  // S·(A − y²/A)
        TensorPrimitives.Multiply(d, dy.Samples(first, count), d);            // · dy
    }
}
