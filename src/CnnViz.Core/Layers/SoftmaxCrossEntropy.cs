using System.Numerics.Tensors;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// Softmax over each sample's K logits followed by cross-entropy with the true labels,
/// averaged over the batch:  p = softmax(z),  L = −(1/N) Σ_n log p[n, y_n].
/// Computed stably as log p = z − max z − log Σ exp(z − max z).
/// Backward: dz = (p − onehot(y)) / N.
/// </summary>
public sealed class SoftmaxCrossEntropy
{
    public SoftmaxCrossEntropy(int classes, int maxBatch)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classifier needs at least 2 classes.");
        Classes = classes;
        Probabilities = new Batch(SampleShape.Flat(classes), maxBatch);
        LogitsGrad = new Batch(SampleShape.Flat(classes), maxBatch);
        _labels = new int[maxBatch];
    }

    public int Classes { get; }

    /// <summary>softmax(z) of the last Forward, (N, K).</summary>
    public Batch Probabilities { get; }

    /// <summary>dL/dz of the last Backward, (N, K).</summary>
    public Batch LogitsGrad { get; }

    private readonly int[] _labels;

    /// <summary>Mean cross-entropy loss of the batch; keeps the probabilities and labels for Backward.</summary>
    /// <exception cref="ArgumentException">Labels do not match the batch, or one is outside 0..K−1.</exception>
    public float Forward(Batch logits, ReadOnlySpan<int> labels)
    {
        if (logits.Shape != SampleShape.Flat(Classes))
            throw new ShapeException($"loss: expected {Classes} logits per sample, got {logits.Shape}.");
        if (labels.Length != logits.Count)
            throw new ArgumentException($"loss: {labels.Length} labels for a batch of {logits.Count} samples; give one label per sample.", nameof(labels));
        int n = logits.Count, k = Classes;
        Probabilities.Count = n;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)k)
                throw new ArgumentException($"loss: label {label} at position {i} is outside 0..{k - 1}.", nameof(labels));
            _labels[i] = label;
            ReadOnlySpan<float> z = logits.Sample(i);
            float sum = Softmax(z, Probabilities.Sample(i), out float max);
            total += MathF.Log(sum) - (z[label] - max);    // −log p[label] = log Σ exp(z − max) − (z[label] − max)
        }
        return (float)(total / n);
    }

    /// <summary>p = softmax(z) for every sample, into <see cref="Probabilities"/>, without a loss (for predictions).</summary>
    public Batch Softmax(Batch logits)
    {
        if (logits.Shape != SampleShape.Flat(Classes))
            throw new ShapeException($"loss: expected {Classes} logits per sample, got {logits.Shape}.");
        Probabilities.Count = logits.Count;
        for (int i = 0; i < logits.Count; i++) Softmax(logits.Sample(i), Probabilities.Sample(i), out _);
        return Probabilities;
    }

    /// <summary>
    /// The one softmax: p = exp(z − max z) / Σ exp(z − max z) for one sample's K logits (subtracting the max
    /// keeps exp from overflowing). Returns the sum Σ exp(z − max), with the max, for the log-sum-exp of the loss.
    /// </summary>
    public static float Softmax(ReadOnlySpan<float> z, Span<float> p, out float max)
    {
        max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, p);          // p = z − max
        TensorPrimitives.Exp(p, p);                    // p = exp(z − max)
        float sum = TensorPrimitives.Sum(p);
        TensorPrimitives.Divide(p, sum, p);
        return sum;
    }

    /// <summary>dL/dz = (p − onehot(y)) / N for the last Forward's batch.</summary>
    public Batch Backward()
    {
        int n = Probabilities.Count;
        LogitsGrad.Count = n;
        TensorPrimitives.Multiply(Probabilities.Span, 1f / n, LogitsGrad.Span);
        for (int i = 0; i < n; i++) LogitsGrad.Sample(i)[_labels[i]] -= 1f / n;
        return LogitsGrad;
    }
}
