using System.Numerics.Tensors;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>Logistic sigmoid: y = σ(x) = 1 / (1 + e^−x); dx = dy · y·(1 − y), computed from the output. Shape unchanged.</summary>
public sealed class Sigmoid(string? name = null) : Layer(name)
{
    public override string Kind => "sigmoid";

    protected override SampleShape InferOutputShape(SampleShape input) => input;

    protected override void ForwardCore(Batch x, Batch y) => TensorPrimitives.Sigmoid(x.Span, y.Span);

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        if (!NeedsInputGrad) return;
        ReadOnlySpan<float> y = Output.Span;
        Span<float> d = dx.Span;
        TensorPrimitives.Multiply(y, y, d);          // y²
        TensorPrimitives.Subtract(y, d, d);          // y − y² = y·(1 − y)
        TensorPrimitives.Multiply(d, dy.Span, d);    // · dy
    }
}
