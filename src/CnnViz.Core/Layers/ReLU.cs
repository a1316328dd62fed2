using System.Numerics.Tensors;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>Rectified linear unit: y = max(0, x); dx = dy where x &gt; 0, else 0. Shape unchanged.</summary>
public sealed class ReLU(string? name = null) : Layer(name)
{
    public override string Kind => "relu";

    protected override SampleShape InferOutputShape(SampleShape input) => input;

    protected override void ForwardCore(Batch x, Batch y) => TensorPrimitives.Max(x.Span, 0f, y.Span);

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        if (!NeedsInputGrad) return;
        ReadOnlySpan<float> x = Input.Span, g = dy.Span;
        Span<float> d = dx.Span;
        for (int i = 0; i < d.Length; i++) d[i] = x[i] > 0 ? g[i] : 0f;
    }
}
