using CnnViz.Core.Kernels;

namespace CnnViz.Core.Tests.Kernels;

/// <summary>
/// The vector im2col/col2im (stride-1 rows: plain vectors over a padded copy, masked ones for rows narrower than a vector) against the formula written as loops:
/// cols[(c·FH + s)·FW + t, i·OW + j] = x[c, i·SH + s − PH, j + t − PW], 0 in the padding; col2im adds each entry back.
/// Geometries cover rows narrower and wider than a vector (OW 1..40), padding wider than the kernel's reach,
/// and vertical strides.
/// </summary>
public class Im2ColRowsTests
{
    public static TheoryData<int, int, int, int, int, int, int, int> Geometries() => new()
    {
        // C, H, W, FH, FW, PH, PW, SH
        { 1, 28, 28, 5, 5, 2, 2, 1 },   // LeNet conv1
        { 6, 14, 14, 5, 5, 0, 0, 1 },   // LeNet conv2
        { 2, 5, 40, 3, 7, 1, 3, 1 },    // rows wider than 2 vectors
        { 3, 6, 17, 2, 2, 0, 0, 2 },    // vertical stride 2, OW = 16 exactly
        { 1, 3, 3, 3, 3, 4, 4, 1 },     // padding larger than the image
        { 2, 11, 28, 1, 5, 0, 5, 3 },   // non-square kernel, OW 34
        { 1, 4, 6, 3, 3, 2, 2, 1 },     // image narrower than a vector, OW = 8: the plain path's narrow-image add
        { 2, 7, 13, 3, 3, 1, 1, 2 },    // OW = 13: a shifted last vector with padding and vertical stride
        { 3, 12, 6, 4, 2, 3, 0, 3 },    // OW = 5, padding 3 rows, stride 3 < kernel 4: the gather's output-row range per image row
        { 1, 1, 1, 1, 1, 0, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Unfold_MatchesFormula(int c, int h, int w, int fh, int fw, int ph, int pw, int sh)
    {
        var g = new ConvGeometry(c, h, w, fh, fw, ph, pw, sh, 1);
        float[] x = Random(g.InputSize, 1);
        var cols = new float[g.PatchSize * g.OutputPositions + 16];
        Array.Fill(cols, float.NaN);   // every entry must be written; the 16 past the end must stay untouched
        Im2ColRows.Unfold(x, g, cols.AsSpan(0, g.PatchSize * g.OutputPositions));
        float[] expected = UnfoldByFormula(x, g);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(cols[i] == expected[i], $"cols[{i / g.OutputPositions}, {i % g.OutputPositions}] = {cols[i]}, formula {expected[i]}");
        for (int i = expected.Length; i < cols.Length; i++) Assert.True(float.IsNaN(cols[i]), $"wrote past the end at {i}");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Fold_MatchesFormula(int c, int h, int w, int fh, int fw, int ph, int pw, int sh)
    {
        var g = new ConvGeometry(c, h, w, fh, fw, ph, pw, sh, 1);
        float[] cols = Random(g.PatchSize * g.OutputPositions, 2);
        float[] image = Random(g.InputSize, 3), expected = (float[])image.Clone();
        Im2ColRows.Fold(cols, g, image);
        FoldByFormula(cols, g, expected);
        for (int i = 0; i < image.Length; i++)
            Assert.True(Math.Abs(image[i] - expected[i]) <= 1e-5f, $"image[{i}] = {image[i]}, formula {expected[i]}");
    }

    private static float[] UnfoldByFormula(float[] x, ConvGeometry g)
    {
        var cols = new float[g.PatchSize * g.OutputPositions];
        for (int c = 0; c < g.Channels; c++)
        for (int s = 0; s < g.KernelHeight; s++)
        for (int t = 0; t < g.KernelWidth; t++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        {
            int y = i * g.StrideHeight + s - g.PadHeight, xx = j + t - g.PadWidth;
            bool inside = y >= 0 && y < g.Height && xx >= 0 && xx < g.Width;
            cols[((c * g.KernelHeight + s) * g.KernelWidth + t) * g.OutputPositions + i * g.OutWidth + j] =
                inside ? x[(c * g.Height + y) * g.Width + xx] : 0f;
        }
        return cols;
    }

    private static void FoldByFormula(float[] cols, ConvGeometry g, float[] image)
    {
        for (int c = 0; c < g.Channels; c++)
        for (int s = 0; s < g.KernelHeight; s++)
        for (int t = 0; t < g.KernelWidth; t++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        {
            int y = i * g.StrideHeight + s - g.PadHeight, xx = j + t - g.PadWidth;
            if (y >= 0 && y < g.Height && xx >= 0 && xx < g.Width)
                image[(c * g.Height + y) * g.Width + xx] += cols[((c * g.KernelHeight + s) * g.KernelWidth + t) * g.OutputPositions + i * g.OutWidth + j];
        }
    }

    private static float[] Random(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}
