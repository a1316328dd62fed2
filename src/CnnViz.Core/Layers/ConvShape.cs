namespace CnnViz.Core.Layers;

/// <summary>Output sizes of convolution and pooling windows (assignment problem 2).</summary>
public static class ConvShape
{
    /// <summary>
    /// The output length along one axis: out = floor((in + 2·pad − filter) / stride) + 1,
    /// as PyTorch computes it. Example: a 6-pixel axis, filter 3, pad 0, stride 1 gives 4.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is out of range (input, filter or stride &lt; 1,
    /// pad &lt; 0) or the filter does not fit the padded input (the result would be &lt; 1).</exception>
    public static int OutputSize(int input, int filter, int pad = 0, int stride = 1)
    {
        if (input < 1) throw new ArgumentException($"Input size must be at least 1, got {input}.", nameof(input));
        if (filter < 1) throw new ArgumentException($"Filter size must be at least 1, got {filter}.", nameof(filter));
        if (pad < 0) throw new ArgumentException($"Padding must be 0 or more, got {pad}.", nameof(pad));
        if (stride < 1) throw new ArgumentException($"Stride must be at least 1, got {stride}.", nameof(stride));
        int padded = input + 2 * pad;
        if (filter > padded)
            throw new ArgumentException($"A filter of {filter} does not fit an input of {input} with padding {pad} (padded size {padded}).", nameof(filter));
        return (padded - filter) / stride + 1;
    }

    /// <summary>Output (height, width) for separate per-axis filter, padding and stride (a distinct name, so
    /// OutputSize2D(6, 6, 3, 3) cannot silently mean the one-axis OutputSize(input 6, filter 6, pad 3, stride 3)).</summary>
    public static (int Height, int Width) OutputSize2D(int inputHeight, int inputWidth,
        int filterHeight, int filterWidth, int padHeight = 0, int padWidth = 0, int strideHeight = 1, int strideWidth = 1)
        => (OutputSize(inputHeight, filterHeight, padHeight, strideHeight),
            OutputSize(inputWidth, filterWidth, padWidth, strideWidth));
}
