using System.Numerics.Tensors;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>Hyperbolic tangent: y = tanh(x); dx = dy · (1 − y²), computed from the output. Shape unchanged.</summary>
public sealed class Tanh(string? name = null) : Layer(name)
{
    public override string Kind => "tanh";

    protected override SampleShape InferOutputShape(SampleShape input) => input;

    internal override bool ChunksArePerSample => true;   // element by element, sample by sample

    protected override void ForwardRange(int chunk, int first, int count) =>
        TensorPrimitives.Tanh(Input.Samples(first, count), Output.Samples(first, count));

    protected override void BackwardRange(int chunk, int first, int count)
    {
        ReadOnlySpan<float> y = Output.Samples(first, count);
        Span<float> d = InputGrad.Samples(first, count);
        TensorPrimitives.Multiply(y, y, d);                                // y²
        TensorPrimitives.Subtract(1f, d, d);                               // 1 − y²
        TensorPrimitives.Multiply(d, OutputGrad.Samples(first, count), d); // · dy
    }
}
