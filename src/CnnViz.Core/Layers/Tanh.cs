using System.Numerics.Tensors;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>Hyperbolic tangent: y = tanh(x); dx = dy · (1 − y²), computed from the output. Shape unchanged.</summary>
public sealed class Tanh(string? name = null) : Layer(name)
{
    public override string Kind => "tanh";

    protected override SampleShape InferOutputShape(SampleShape input) => input;

    protected override void ForwardCore(Batch x, Batch y) => TensorPrimitives.Tanh(x.Span, y.Span);

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        if (!NeedsInputGrad) return;
        ReadOnlySpan<float> y = Output.Span;
        Span<float> d = dx.Span;
        TensorPrimitives.Multiply(y, y, d);          // y²
        TensorPrimitives.Subtract(1f, d, d);         // 1 − y²
        TensorPrimitives.Multiply(d, dy.Span, d);    // · dy
    }
}
