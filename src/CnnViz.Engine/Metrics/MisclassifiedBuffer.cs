namespace CnnViz.Engine.Metrics;

/// <summary>One training image the model got wrong: the pixels it saw, the truth, its guess and how sure it was.</summary>
public readonly ref struct Misclassified(ReadOnlySpan<float> image, int truth, int predicted, float confidence, long step)
{
    /// <summary>(H, W) pixels in [0, 1], as fed to the model.</summary>
    public ReadOnlySpan<float> Image { get; } = image;
    public int Truth { get; } = truth;
    public int Predicted { get; } = predicted;

    /// <summary>The softmax probability of the predicted class, 0..1.</summary>
    public float Confidence { get; } = confidence;

    /// <summary>The training step in which it was misclassified.</summary>
    public long Step { get; } = step;
}

/// <summary>
/// The most recent misclassified training images, newest first, in a fixed ring (images are copied
/// into preallocated storage; nothing is allocated per step).
/// </summary>
public sealed class MisclassifiedBuffer
{
    private readonly float[] _images;   // (Capacity, H·W)
    private readonly int[] _truth, _predicted;
    private readonly float[] _confidence;
    private readonly long[] _step;
    private int _next;

    public MisclassifiedBuffer(int capacity, int imageSize)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be at least 1.");
        Capacity = capacity;
        ImageSize = imageSize;
        _images = new float[capacity * imageSize];
        _truth = new int[capacity];
        _predicted = new int[capacity];
        _confidence = new float[capacity];
        _step = new long[capacity];
    }

    public int Capacity { get; }

    /// <summary>Pixels per image (H·W).</summary>
    public int ImageSize { get; }

    /// <summary>How many are stored (≤ Capacity).</summary>
    public int Count { get; private set; }

    /// <summary>Bumps whenever an image is added, so a renderer re-uploads only then.</summary>
    public long Version { get; private set; }

    /// <summary>The i-th most recent (0 = newest).</summary>
    public Misclassified this[int i]
    {
        get
        {
            if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(i), i, $"Only {Count} misclassified images are stored.");
            int slot = ((_next - 1 - i) % Capacity + Capacity) % Capacity;
            return new Misclassified(_images.AsSpan(slot * ImageSize, ImageSize), _truth[slot], _predicted[slot], _confidence[slot], _step[slot]);
        }
    }

    internal void Add(ReadOnlySpan<float> image, int truth, int predicted, float confidence, long step)
    {
        image.CopyTo(_images.AsSpan(_next * ImageSize, ImageSize));
        _truth[_next] = truth;
        _predicted[_next] = predicted;
        _confidence[_next] = confidence;
        _step[_next] = step;
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
        Version++;
    }

    internal void Clear()
    {
        Count = 0;
        _next = 0;
        Version++;
    }
}
