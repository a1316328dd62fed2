using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// What max and average pooling share: a PH×PW window slid with stride (SH, SW) over every channel
/// map on its own, no padding. OH = ⌊(H − PH) / SH⌋ + 1 (likewise OW): windows that would run past
/// the border are dropped, as PyTorch does. The stride defaults to the window (no overlap).
/// </summary>
public abstract class Pool2D : Layer
{
    protected Pool2D((int Height, int Width) window, (int Height, int Width)? stride, string? name) : base(name)
    {
        if (window.Height < 1 || window.Width < 1)
            throw new ArgumentOutOfRangeException(nameof(window), window, "The pooling window must be at least 1×1.");
        var s = stride ?? window;
        if (s.Height < 1 || s.Width < 1)
            throw new ArgumentOutOfRangeException(nameof(stride), s, "The pooling stride must be at least 1.");
        (WindowHeight, WindowWidth) = window;
        (StrideHeight, StrideWidth) = s;
    }

    public int WindowHeight { get; }
    public int WindowWidth { get; }
    public int StrideHeight { get; }
    public int StrideWidth { get; }

    public override string Kind => "pool";

    internal override bool ChunksArePerSample => true;   // each map pooled on its own

    /// <summary>e.g. "pool1: MaxPool2D 2×2 → 6×14×14"; the stride is shown when it differs from the window.</summary>
    public override string Describe()
    {
        string stride = (StrideHeight, StrideWidth) == (WindowHeight, WindowWidth) ? ""
            : StrideHeight == StrideWidth ? $" stride {StrideHeight}" : $" stride {StrideHeight}×{StrideWidth}";
        return $"{Name}: {GetType().Name} {WindowHeight}×{WindowWidth}{stride} → {OutputShape}";
    }

    protected override SampleShape InferOutputShape(SampleShape input)
    {
        if (WindowHeight > input.H || WindowWidth > input.W)
        {
            string hint = input.IsFlat
                ? "; it is a flat vector: pooling takes images, so put it before Flatten"
                : "; use a smaller window, or shrink the image less before this layer";
            throw new ShapeException($"{Name}: a {WindowHeight}×{WindowWidth} window does not fit a {input.C}×{input.H}×{input.W} input{hint}.");
        }
        return new SampleShape(input.C,
            ConvShape.OutputSize(input.H, WindowHeight, 0, StrideHeight),
            ConvShape.OutputSize(input.W, WindowWidth, 0, StrideWidth));
    }
}
