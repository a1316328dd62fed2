namespace CnnViz.Core.Tensors;

/// <summary>
/// The shape of one sample as it flows between layers: C channels of H×W maps.
/// A flat feature vector of F values is (F, 1, 1). The batch size N is not part of it:
/// a <see cref="Batch"/> holds N samples of one shape, laid out (N, C, H, W).
/// </summary>
public readonly record struct SampleShape(int C, int H, int W)
{
    /// <summary>Number of floats in one sample, C·H·W.</summary>
    public int Size => C * H * W;

    /// <summary>True for a flat vector (F, 1, 1), the input a <c>Dense</c> layer takes.</summary>
    public bool IsFlat => H == 1 && W == 1;

    public static SampleShape Flat(int features) => new(features, 1, 1);

    /// <summary>"6×4×4" (C×H×W), or "120" for a flat vector.</summary>
    public override string ToString() => IsFlat ? $"{C}" : $"{C}×{H}×{W}";
}
