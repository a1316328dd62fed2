namespace CnnViz.Core.Layers;

/// <summary>
/// A trainable tensor and its gradient, e.g. a conv layer's weights (M, C, FH, FW).
/// Backward writes <see cref="Grad"/>; an optimizer reads it and updates <see cref="Value"/> in place.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, params int[] shape)
    {
        Name = name;
        IsBias = name == "b" || name.EndsWith(".b", StringComparison.Ordinal);
        Shape = shape;
        int size = 1;
        foreach (int d in shape) size *= d;
        Value = new float[size];
        Grad = new float[size];
    }

    /// <summary>Full name, "layer.W" or "layer.b".</summary>
    public string Name { get; }

    /// <summary>True for a bias ("layer.b"): weight decay leaves biases alone.</summary>
    public bool IsBias { get; }

    /// <summary>Dimensions, outermost first, e.g. (M, C, FH, FW) for conv weights.</summary>
    public int[] Shape { get; }

    public float[] Value { get; }

    /// <summary>dL/dValue from the last Backward, summed over the batch (the loss is already averaged).</summary>
    public float[] Grad { get; }

    public int Length => Value.Length;

    public override string ToString() => $"{Name} ({string.Join("×", Shape)})";
}
