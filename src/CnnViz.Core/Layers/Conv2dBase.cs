using CnnViz.Core.Initializers;
using CnnViz.Core.Kernels;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// What every 2-D convolution shares, whatever computes it (<see cref="Conv2d"/> with im2col,
/// <see cref="Conv2dNaive"/> with the formula's loops): the options, the shape check and the parameters.
/// <para>Legend: N batch, C input channels, M filters (output channels), H×W input, FH×FW kernel,
/// (PH, PW) zero padding, (SH, SW) stride, OH×OW output. Weights W (M, C, FH, FW), bias b (M).</para>
/// <c>a[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·SH+s−PH, j·SW+t−PW] · w[m,k,s,t] + b[m]</c>, x = 0 outside the input.
/// </summary>
public abstract class Conv2dBase : Layer
{
    private readonly Initializer _initializer;

    protected Conv2dBase(int filters, (int Height, int Width) kernel, (int Height, int Width) pad,
        (int Height, int Width) stride, Initializer? initializer, Optimizer? optimizer, string? name) : base(name)
    {
        if (filters < 1) throw new ArgumentOutOfRangeException(nameof(filters), filters, "A convolution needs at least one filter.");
        if (kernel.Height < 1 || kernel.Width < 1)
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Kernel height and width must be at least 1.");
        if (pad.Height < 0 || pad.Width < 0)
            throw new ArgumentOutOfRangeException(nameof(pad), pad, "Padding must be 0 or more.");
        if (stride.Height < 1 || stride.Width < 1)
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "Stride must be at least 1.");
        Filters = filters;
        (KernelHeight, KernelWidth) = kernel;
        (PadHeight, PadWidth) = pad;
        (StrideHeight, StrideWidth) = stride;
        _initializer = initializer ?? new HeInitializer();
        Optimizer = optimizer;
    }

    /// <summary>M, the number of filters = output channels.</summary>
    public int Filters { get; }
    public int KernelHeight { get; }
    public int KernelWidth { get; }
    public int PadHeight { get; }
    public int PadWidth { get; }
    public int StrideHeight { get; }
    public int StrideWidth { get; }

    /// <summary>C, the input channels (known once built).</summary>
    public int Channels => InputShape.C;

    /// <summary>Input, kernel, padding, stride and output sizes of one sample (set by Build).</summary>
    public ConvGeometry Geometry { get; private set; }

    /// <summary>W (M, C, FH, FW): filter m is the C×FH×FW block at m·C·FH·FW.</summary>
    public Parameter Weights { get; private set; } = null!;

    /// <summary>b (M).</summary>
    public Parameter Bias { get; private set; } = null!;

    public override string Kind => "conv";

    private Parameter[] _parameters = [];

    /// <summary>[Weights, Bias] once built (one array, created by Build, not per call).</summary>
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>e.g. "conv1: Conv2d 6@5×5 pad 2 → 6×28×28"; padding and stride shown when not 0 and 1.</summary>
    public override string Describe()
    {
        string pad = PadHeight == 0 && PadWidth == 0 ? "" : PadHeight == PadWidth ? $" pad {PadHeight}" : $" pad {PadHeight}×{PadWidth}";
        string stride = StrideHeight == 1 && StrideWidth == 1 ? "" : StrideHeight == StrideWidth ? $" stride {StrideHeight}" : $" stride {StrideHeight}×{StrideWidth}";
        return $"{Name}: {GetType().Name} {Filters}@{KernelHeight}×{KernelWidth}{pad}{stride} → {OutputShape}";
    }

    protected override SampleShape InferOutputShape(SampleShape input)
    {
        int paddedHeight = input.H + 2 * PadHeight, paddedWidth = input.W + 2 * PadWidth;
        if (KernelHeight > paddedHeight || KernelWidth > paddedWidth)
        {
            string padded = PadHeight == 0 && PadWidth == 0 ? "" : $" padded to {input.C}×{paddedHeight}×{paddedWidth}";
            string hint = input.IsFlat
                ? "; it is a flat vector: convolutions take images, so put them before Flatten"
                : "; use a smaller kernel or more padding, or shrink the image less before this layer";
            throw new ShapeException($"{Name}: a {KernelHeight}×{KernelWidth} kernel does not fit a {input.C}×{input.H}×{input.W} input{padded}{hint}.");
        }
        var g = new ConvGeometry(input.C, input.H, input.W, KernelHeight, KernelWidth, PadHeight, PadWidth, StrideHeight, StrideWidth);
        return new SampleShape(Filters, g.OutHeight, g.OutWidth);
    }

    protected override void OnBuild(Rng rng)
    {
        Geometry = new ConvGeometry(Channels, InputShape.H, InputShape.W, KernelHeight, KernelWidth, PadHeight, PadWidth, StrideHeight, StrideWidth);
        Weights = new Parameter($"{Name}.W", Filters, Channels, KernelHeight, KernelWidth);
        Bias = new Parameter($"{Name}.b", Filters);
        _parameters = [Weights, Bias];
        // Each output sees C·FH·FW inputs; each input feeds M·FH·FW outputs.
        _initializer.InitializeWeights(Weights.Value, Channels * KernelHeight * KernelWidth, Filters * KernelHeight * KernelWidth, rng);
    }
}
