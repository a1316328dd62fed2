using System.Numerics.Tensors;

namespace CnnViz.Core.Kernels;

/// <summary>
/// im2col and col2im for one sample: turn a convolution into a single matrix product.
/// <para>
/// The "columns" matrix cols (C·FH·FW, OH·OW) has one row per filter weight (c, s, t) and one
/// column per output position (i, j):
/// <c>cols[(c·FH + s)·FW + t, i·OW + j] = x[c, i·SH + s − PH, j·SW + t − PW]</c>, or 0 where that
/// falls in the zero padding. Then a convolution with weights W (M, C·FH·FW) is just
/// <c>Y (M, OH·OW) = W · cols</c>, already in the (C, H, W) layout of the output: no transposes.
/// </para>
/// </summary>
public static class Im2Col
{
    /// <summary>im2col: fills cols (C·FH·FW, OH·OW) from one image (C, H, W), as in the class summary.</summary>
    public static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> cols)
    {
        Check(image.Length, cols.Length, g);
        if (g.StrideWidth == 1 && Im2ColRows.IsSupported)
        {
            Im2ColRows.Unfold(image, g, cols);   // same result, one masked vector copy per row
            return;
        }
        int oh = g.OutHeight, ow = g.OutWidth, positions = oh * ow, mapSize = g.Height * g.Width;
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            ReadOnlySpan<float> map = image.Slice(c * mapSize, mapSize);                   // (H, W)
            for (int s = 0; s < g.KernelHeight; s++)
            for (int t = 0; t < g.KernelWidth; t++, row++)
            {
                Span<float> dst = cols.Slice(row * positions, positions);               // (OH, OW)
                var (i0, i1) = Inside(s - g.PadHeight, g.StrideHeight, g.Height, oh);
                var (j0, j1) = Inside(t - g.PadWidth, g.StrideWidth, g.Width, ow);
                dst[..(i0 * ow)].Clear();                                              // rows in the top padding
                dst[(i1 * ow)..].Clear();                                              // rows in the bottom padding
                for (int i = i0; i < i1; i++)
                {
                    Span<float> dstRow = dst.Slice(i * ow, ow);
                    ReadOnlySpan<float> srcRow = map.Slice((i * g.StrideHeight + s - g.PadHeight) * g.Width, g.Width);
                    dstRow[..j0].Clear();
                    dstRow[j1..].Clear();
                    int x = j0 * g.StrideWidth + t - g.PadWidth;
                    if (g.StrideWidth == 1)
                        srcRow.Slice(x, j1 - j0).CopyTo(dstRow[j0..j1]);
                    else
                        for (int j = j0; j < j1; j++, x += g.StrideWidth) dstRow[j] = srcRow[x];
                }
            }
        }
    }

    /// <summary>
    /// col2im, the adjoint of <see cref="Unfold"/>: adds every entry of cols (C·FH·FW, OH·OW) back onto the
    /// image pixel it was copied from, image (C, H, W) += ...; entries from the padding are dropped.
    /// A pixel covered by several windows receives the sum. The caller clears the image first.
    /// </summary>
    public static void Fold(ReadOnlySpan<float> cols, in ConvGeometry g, Span<float> image)
    {
        Check(image.Length, cols.Length, g);
        if (g.StrideWidth == 1 && Im2ColRows.IsSupported)
        {
            Im2ColRows.Fold(cols, g, image);
            return;
        }
        int oh = g.OutHeight, ow = g.OutWidth, positions = oh * ow, mapSize = g.Height * g.Width;
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            Span<float> map = image.Slice(c * mapSize, mapSize);                           // (H, W)
            for (int s = 0; s < g.KernelHeight; s++)
            for (int t = 0; t < g.KernelWidth; t++, row++)
            {
                ReadOnlySpan<float> src = cols.Slice(row * positions, positions);       // (OH, OW)
                var (i0, i1) = Inside(s - g.PadHeight, g.StrideHeight, g.Height, oh);
                var (j0, j1) = Inside(t - g.PadWidth, g.StrideWidth, g.Width, ow);
                for (int i = i0; i < i1; i++)
                {
                    ReadOnlySpan<float> srcRow = src.Slice(i * ow, ow);
                    Span<float> dstRow = map.Slice((i * g.StrideHeight + s - g.PadHeight) * g.Width, g.Width);
                    int x = j0 * g.StrideWidth + t - g.PadWidth;
                    if (g.StrideWidth == 1)
                        TensorPrimitives.Add(dstRow.Slice(x, j1 - j0), srcRow[j0..j1], dstRow.Slice(x, j1 - j0));
                    else
                        for (int j = j0; j < j1; j++, x += g.StrideWidth) dstRow[x] += srcRow[j];
                }
            }
        }
    }

    /// <summary>
    /// The output positions [first, end) whose input coordinate o·stride + offset lies in 0..size−1,
    /// clamped to 0..outSize. offset is the kernel tap minus the padding (s − PH, or t − PW).
    /// </summary>
    private static (int First, int End) Inside(int offset, int stride, int size, int outSize)
    {
        int first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;     // ceil(−offset / stride)
        int end = size - offset <= 0 ? 0 : (size - offset + stride - 1) / stride;
        first = Math.Min(first, outSize);
        return (first, Math.Clamp(end, first, outSize));
    }

    private static void Check(int imageLength, int colsLength, in ConvGeometry g)
    {
        if (imageLength < g.InputSize)
            throw new ArgumentException($"The image holds {imageLength} floats, needs {g.InputSize} ({g.Channels}×{g.Height}×{g.Width}).");
        if (colsLength < g.PatchSize * g.OutputPositions)
            throw new ArgumentException($"cols holds {colsLength} floats, needs {g.PatchSize}×{g.OutputPositions}.");
    }
}
