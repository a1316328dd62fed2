using CnnViz.Core.Layers;

namespace CnnViz.Core.Kernels;

/// <summary>
/// Everything a 2-D convolution (or pooling) window needs to know about one sample:
/// input C×H×W, kernel FH×FW, zero padding (PH, PW) and stride (SH, SW) per axis,
/// and the output size OH×OW = <see cref="ConvShape.OutputSize(int, int, int, int)"/> per axis.
/// </summary>
public readonly record struct ConvGeometry
{
    public ConvGeometry(int channels, int height, int width, int kernelHeight, int kernelWidth,
        int padHeight = 0, int padWidth = 0, int strideHeight = 1, int strideWidth = 1)
    {
        (Channels, Height, Width) = (channels, height, width);
        (KernelHeight, KernelWidth) = (kernelHeight, kernelWidth);
        (PadHeight, PadWidth, StrideHeight, StrideWidth) = (padHeight, padWidth, strideHeight, strideWidth);
        (OutHeight, OutWidth) = ConvShape.OutputSize2D(height, width, kernelHeight, kernelWidth,
            padHeight, padWidth, strideHeight, strideWidth);
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int KernelHeight { get; }
    public int KernelWidth { get; }
    public int PadHeight { get; }
    public int PadWidth { get; }
    public int StrideHeight { get; }
    public int StrideWidth { get; }
    public int OutHeight { get; }
    public int OutWidth { get; }

    /// <summary>Rows of the im2col matrix: one per weight of a filter, C·FH·FW.</summary>
    public int PatchSize => Channels * KernelHeight * KernelWidth;

    /// <summary>Columns of the im2col matrix: one per output position, OH·OW.</summary>
    public int OutputPositions => OutHeight * OutWidth;

    /// <summary>Floats in one input sample, C·H·W.</summary>
    public int InputSize => Channels * Height * Width;
}
