using System.Numerics.Tensors;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>Logistic sigmoid: y = σ(x) = 1 / (1 + e^−x); dx = dy · y·(1 − y), computed from the output. Shape unchanged.</summary>
public sealed class Sigmoid(string? name = null) : Layer(name)
{
    public override string Kind => "sigmoid";

    protected override SampleShape InferOutputShape(SampleShape input) => input;

    internal override bool ChunksArePerSample => true;   // element by element, sample by sample

    protected override void ForwardRange(int chunk, int first, int count) =>
        TensorPrimitives.Sigmoid(Input.Samples(first, count), Output.Samples(first, count));

    protected override void BackwardRange(int chunk, int first, int count)
    {
        ReadOnlySpan<float> y = Output.Samples(first, count);
        Span<float> d = InputGrad.Samples(first, count);
        TensorPrimitives.Multiply(y, y, d);                                // y²
        TensorPrimitives.Subtract(y, d, d);                                // y − y² = y·(1 − y)
        TensorPrimitives.Multiply(d, OutputGrad.Samples(first, count), d); // · dy
    }
}
