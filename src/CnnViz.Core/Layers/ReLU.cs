using System.Numerics.Tensors;
using CnnViz.Core.Kernels;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>Rectified linear unit: y = max(0, x); dx = dy where x &gt; 0, else 0. Shape unchanged.</summary>
public sealed class ReLU(string? name = null) : Layer(name)
{
    public override string Kind => "relu";

    protected override SampleShape InferOutputShape(SampleShape input) => input;

    internal override bool ChunksArePerSample => true;   // element by element, sample by sample

    protected override void ForwardRange(int chunk, int first, int count) =>
        TensorPrimitives.Max(Input.Samples(first, count), 0f, Output.Samples(first, count));

    protected override void BackwardRange(int chunk, int first, int count) =>
        Elementwise.ReluBackward(Input.Samples(first, count), OutputGrad.Samples(first, count), InputGrad.Samples(first, count));
}
