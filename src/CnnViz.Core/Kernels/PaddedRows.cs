namespace CnnViz.Core.Kernels;

/// <summary>
/// The layouts <see cref="DirectConv"/> reads, for one sample of a convolution with stride width 1:
/// <code>
/// xp  (C, H + 2·PH, S):  xp[c, PH + r, PW + q] = x[c, r, q]; every other float is 0 (zero padding)
/// dyp (M, OH, V·lanes):  dyp[m, i, j] = dY[m, i, j] for j &lt; OW, 0 for OW ≤ j &lt; V·lanes
/// </code>
/// V = ⌈OW / lanes⌉ vectors cover an output row. The row stride S = max(W + 2·PW, FW − 1 + V·lanes) is the
/// reason for the copy: a kernel reads V vectors starting at column t = 0..FW−1 of a row, and all of them
/// stay inside that row's S floats, so every load is a plain unmasked one. Lanes past OW read padding or
/// in-row values (finite), which the forward never stores and the weight gradient multiplies by dyp's zeros.
/// The zeros are written once, when the buffer is allocated: <see cref="Fill"/> only writes the image.
/// </summary>
internal readonly record struct PaddedRows
{
    public PaddedRows(ConvGeometry g, int lanes)
    {
        Geometry = g;
        Lanes = lanes;
        Vectors = (g.OutWidth + lanes - 1) / lanes;
        Rows = g.Height + 2 * g.PadHeight;
        Stride = Math.Max(g.Width + 2 * g.PadWidth, g.KernelWidth - 1 + Vectors * lanes);
    }

    public ConvGeometry Geometry { get; }
    /// <summary>Floats per vector of the kernels that read this layout.</summary>
    public int Lanes { get; }
    /// <summary>V: vectors per output row, ⌈OW / lanes⌉.</summary>
    public int Vectors { get; }
    /// <summary>Rows of one channel of xp, H + 2·PH.</summary>
    public int Rows { get; }
    /// <summary>S: floats per row of xp.</summary>
    public int Stride { get; }
    /// <summary>Floats per channel of xp, (H + 2·PH)·S.</summary>
    public int ChannelSize => Rows * Stride;
    /// <summary>Floats in one sample's xp, C·(H + 2·PH)·S.</summary>
    public int InputSize => Geometry.Channels * ChannelSize;
    /// <summary>Floats per row of dyp, V·lanes.</summary>
    public int GradStride => Vectors * Lanes;
    /// <summary>Floats in one sample's dyp for <paramref name="filters"/> output channels, M·OH·V·lanes.</summary>
    public int GradSize(int filters) => filters * Geometry.OutHeight * GradStride;

    /// <summary>Writes x (C, H, W) into the image part of xp; xp's padding must already be zero (it never changes).</summary>
    public void Fill(ReadOnlySpan<float> x, Span<float> xp)
    {
        var g = Geometry;
        for (int c = 0; c < g.Channels; c++)
            for (int r = 0; r < g.Height; r++)
                x.Slice((c * g.Height + r) * g.Width, g.Width).CopyTo(xp.Slice(c * ChannelSize + (g.PadHeight + r) * Stride + g.PadWidth));
    }

    /// <summary>Writes dY (M, OH, OW) into dyp (M, OH, V·lanes); the lanes past OW must already be zero (they never change).</summary>
    public void FillGrad(ReadOnlySpan<float> dy, Span<float> dyp, int filters)
    {
        int ow = Geometry.OutWidth, rows = filters * Geometry.OutHeight;
        for (int r = 0; r < rows; r++) dy.Slice(r * ow, ow).CopyTo(dyp.Slice(r * GradStride));
    }
}
