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

    internal override bool ChunksArePerSample => true;   // element by element, sample by sample

    protected override void ForwardRange(int chunk, int first, int count) =>
        Input.Samples(first, count).CopyTo(Output.Samples(first, count));

    protected override void BackwardRange(int chunk, int first, int count) =>
        OutputGrad.Samples(first, count).CopyTo(InputGrad.Samples(first, count));
}
