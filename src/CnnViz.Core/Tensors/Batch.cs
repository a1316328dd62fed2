namespace CnnViz.Core.Tensors;

/// <summary>
/// A mini-batch of samples in one contiguous float32 buffer, laid out (N, C, H, W).
/// The buffer is allocated once for <see cref="Capacity"/> samples and reused every step;
/// <see cref="Count"/> says how many of them the current batch holds (the last batch of an
/// epoch may be partial).
/// </summary>
public sealed class Batch
{
    public Batch(SampleShape shape, int capacity)
    {
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A batch must hold at least one sample.");
        if (shape.C < 1 || shape.H < 1 || shape.W < 1)
            throw new ArgumentException($"Every dimension of a sample must be at least 1, got {shape}.", nameof(shape));
        Shape = shape;
        Capacity = capacity;
        Data = new float[(long)shape.Size * capacity];
        Count = capacity;
    }

    /// <summary>Wraps existing data (N·C·H·W floats) without copying.</summary>
    public Batch(SampleShape shape, float[] data)
    {
        if (shape.Size < 1 || data.Length == 0 || data.Length % shape.Size != 0)
            throw new ArgumentException($"{data.Length} floats do not hold a whole number of {shape} samples.", nameof(data));
        Shape = shape;
        Data = data;
        Capacity = data.Length / shape.Size;
        Count = Capacity;
    }

    public SampleShape Shape { get; }

    /// <summary>The backing buffer, (Capacity, C, H, W); only the first <see cref="Count"/> samples are valid.</summary>
    public float[] Data { get; }

    public int Capacity { get; }

    private int _count;

    /// <summary>How many samples the current batch holds (N).</summary>
    public int Count
    {
        get => _count;
        set
        {
            if (value < 1 || value > Capacity)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Batch count must be in 1..{Capacity}.");
            _count = value;
        }
    }

    /// <summary>The valid part of the buffer: N·C·H·W floats.</summary>
    public Span<float> Span => Data.AsSpan(0, Count * Shape.Size);

    /// <summary>Sample n, (C, H, W).</summary>
    public Span<float> Sample(int n) => Data.AsSpan(n * Shape.Size, Shape.Size);

    /// <summary>Samples first..first+count−1, (count, C, H, W): the part of the batch one chunk of a layer works on.</summary>
    public Span<float> Samples(int first, int count) => Data.AsSpan(first * Shape.Size, count * Shape.Size);

    /// <summary>Channel c of sample n, (H, W).</summary>
    public Span<float> Map(int n, int c) => Data.AsSpan((n * Shape.C + c) * Shape.H * Shape.W, Shape.H * Shape.W);

    /// <summary>Element (n, c, h, w).</summary>
    public ref float this[int n, int c, int h, int w] => ref Data[((n * Shape.C + c) * Shape.H + h) * Shape.W + w];

    public override string ToString() => $"{Count}×{Shape}";
}
