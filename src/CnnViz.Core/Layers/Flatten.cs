using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// Flatten (assignment problem 5): (N, C, H, W) → (N, C·H·W), the flat vectors a Dense layer takes.
/// NCHW memory already is the flat layout, so forward and backward are plain copies; the input
/// shape is remembered (<see cref="Layer.InputShape"/>) so backward restores (N, C, H, W).
/// </summary>
public sealed class Flatten(string? name = null) : Layer(name)
{
    public override string Kind => "flatten";

    public override string Describe() => $"{Name}: Flatten {InputShape} → {OutputShape}";

    protected override SampleShape InferOutputShape(SampleShape input) => SampleShape.Flat(input.Size);

    protected override void ForwardCore(Batch x, Batch y) => x.Span.CopyTo(y.Span);

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        if (NeedsInputGrad) dy.Span.CopyTo(dx.Span);
    }
}
