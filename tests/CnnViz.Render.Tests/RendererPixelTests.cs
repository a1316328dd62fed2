using System.Numerics;
using CnnViz.Render.Gfx;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>Draws through the real shaders into an offscreen EGL framebuffer and checks the pixels.</summary>
[Collection(GlCollection.Name)]
public sealed class RendererPixelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Colormap.Grayscale, 0f, 1f)]
    [InlineData(Colormap.Diverging, -2f, 2f)]
    [InlineData(Colormap.Sequential, 0f, 5f)]
    public void DrawGrid_EveryCellHasItsValueThroughTheColormap(Colormap map, float lo, float hi)
    {
        using var gpu = OffscreenRenderer.Open(output, 160, 60);
        if (gpu is null) return;
        var (surface, renderer) = gpu;

        // One 8×2 tile: values sweep lo..hi (and beyond, to check clamping), each cell drawn 20×20.
        var grid = renderer.CreateGrid(8, 2, 1);
        var values = new float[16];
        for (int i = 0; i < 16; i++) values[i] = lo - (hi - lo) * 0.1f + (hi - lo) * 1.2f * i / 15f;
        grid.SetTiles(values);
        renderer.UploadChangedGrids();

        renderer.BeginFrame(surface, Color.Black);
        renderer.DrawGrid(grid, 0, new RectF(0, 10, 160, 40), map, lo, hi);
        var px = gpu.EndFrame();

        for (int row = 0; row < 2; row++)
            for (int col = 0; col < 8; col++)
            {
                float v = values[row * 8 + col];
                px.AssertColor(col * 20 + 10, 10 + row * 20 + 10, ReferenceColormaps.Map(map, v, lo, hi), 2, $"{map} cell ({row},{col}) value {v}");
            }
        px.AssertColor(80, 5, Color.Black, 0, "above the grid");
    }

    [Fact]
    public void DrawGrid_SelectsTheRequestedTile()
    {
        using var gpu = OffscreenRenderer.Open(output, 64, 32);
        if (gpu is null) return;
        var (surface, renderer) = gpu;
        var grid = renderer.CreateGrid(2, 2, 3);
        grid.SetTiles([0, 0, 0, 0, /* tile 1 */ 1, 1, 1, 1, /* tile 2 */ 0.5f, 0.5f, 0.5f, 0.5f]);
        renderer.UploadChangedGrids();

        renderer.BeginFrame(surface, Color.Background);
        renderer.DrawGrid(grid, 1, new RectF(0, 0, 32, 32), Colormap.Grayscale, 0, 1);
        renderer.DrawGrid(grid, 2, new RectF(32, 0, 32, 32), Colormap.Grayscale, 0, 1);
        var px = gpu.EndFrame();

        Assert.Equal(32 * 32, px.Count(0, 0, 32, 32, Color.White));
        Assert.Equal(32 * 32, px.Count(32, 0, 64, 32, new Color(128, 128, 128), tolerance: 1));
    }

    [Fact]
    public void DrawText_LitPixelsAreExactlyTheGlyphBitmap()
    {
        using var gpu = OffscreenRenderer.Open(output, 96, 40);
        if (gpu is null) return;
        var (surface, renderer) = gpu;
        var green = new Color(80, 200, 120);

        renderer.BeginFrame(surface, Color.Black);
        float width = renderer.DrawText("A7g", 10, 12, 2, green);
        var px = gpu.EndFrame();

        Assert.Equal(3 * 8 * 2, width);
        string text = "A7g";
        for (int k = 0; k < text.Length; k++)
        {
            ReadOnlySpan<byte> rows = Font8x8.Glyph(text[k]);
            for (int gy = 0; gy < 8; gy++)
                for (int gx = 0; gx < 8; gx++)
                {
                    bool lit = (rows[gy] >> gx & 1) != 0;
                    for (int s = 0; s < 4; s++) // each glyph pixel is a 2×2 block at scale 2
                    {
                        int x = 10 + k * 16 + gx * 2 + s % 2, y = 12 + gy * 2 + s / 2;
                        px.AssertColor(x, y, lit ? green : Color.Black, 0, $"'{text[k]}' glyph pixel ({gx},{gy})");
                    }
                }
        }
        // Nothing outside the text's box.
        int outside = 96 * 40 - px.Count(0, 0, 96, 40, Color.Black) - px.Count(10, 12, 10 + 48, 12 + 16, green);
        Assert.Equal(0, outside);
    }

    [Fact]
    public void DrawLineStrip_ColorsPixelsAlongEverySegmentAndNothingFarAway()
    {
        using var gpu = OffscreenRenderer.Open(output, 120, 80);
        if (gpu is null) return;
        var (surface, renderer) = gpu;
        Vector2[] points = [new(10, 70), new(50, 10), new(90, 70), new(110, 40)];

        renderer.BeginFrame(surface, Color.Black);
        renderer.DrawLineStrip(points, 3f, Color.Accent);
        var px = gpu.EndFrame();

        for (int i = 1; i < points.Length; i++)
            for (float f = 0.1f; f < 0.95f; f += 0.2f)
            {
                var p = Vector2.Lerp(points[i - 1], points[i], f);
                px.AssertColor((int)p.X, (int)p.Y, Color.Accent, 0, $"segment {i} at {f:F1}");
            }
        px.AssertColor(50, 60, Color.Black, 0, "below the peak, away from the line");
        px.AssertColor(100, 10, Color.Black, 0, "top right corner");
    }

    [Fact]
    public void DrawRectAndRectLines_FillAndOutlineExactly()
    {
        using var gpu = OffscreenRenderer.Open(output, 64, 64);
        if (gpu is null) return;
        var (surface, renderer) = gpu;

        renderer.BeginFrame(surface, Color.Black);
        renderer.DrawRect(new RectF(4, 4, 20, 10), Color.Wrong);
        renderer.DrawRectLines(new RectF(30, 30, 20, 20), 2, Color.Right);
        renderer.DrawRect(new RectF(4, 40, 10, 10), Color.White.WithAlpha(128)); // half-transparent over black
        var px = gpu.EndFrame();

        Assert.Equal(200, px.Count(0, 0, 64, 28, Color.Wrong));
        Assert.Equal(20 * 20 - 16 * 16, px.Count(28, 28, 64, 64, Color.Right));
        px.AssertColor(40, 40, Color.Black, 0, "inside the outline");
        px.AssertColor(8, 45, new Color(128, 128, 128), 1, "50% white over black");
    }

    [Fact]
    public void GridTexture_UploadsOnlyAfterItsValuesChanged()
    {
        using var gpu = OffscreenRenderer.Open(output, 16, 16);
        if (gpu is null) return;
        var (surface, renderer) = gpu;
        var grid = renderer.CreateGrid(1, 1, 1);

        Assert.Equal(1, renderer.UploadChangedGrids());  // the first upload
        Assert.Equal(0, renderer.UploadChangedGrids());  // nothing changed since
        grid.SetTiles([1f]);
        Assert.True(grid.IsDirty);
        Assert.Equal(1, renderer.UploadChangedGrids());
        Assert.False(grid.IsDirty);

        renderer.BeginFrame(surface, Color.Black);
        renderer.DrawGrid(grid, 0, new RectF(0, 0, 16, 16), Colormap.Grayscale, 0, 1);
        Assert.Equal(256, gpu.EndFrame().Count(0, 0, 16, 16, Color.White));
    }

    [Fact]
    public void Batch_DrawsEverythingInFewDrawCalls()
    {
        using var gpu = OffscreenRenderer.Open(output, 320, 200);
        if (gpu is null) return;
        var (surface, renderer) = gpu;
        var a = renderer.CreateGrid(28, 28, 64);
        var b = renderer.CreateGrid(5, 5, 6);
        renderer.UploadChangedGrids();

        renderer.BeginFrame(surface, Color.Background);
        for (int i = 0; i < 64; i++) renderer.DrawGrid(a, i, new RectF(i % 8 * 30, i / 8 * 30, 28, 28), Colormap.Grayscale, 0, 1);
        for (int i = 0; i < 500; i++) renderer.DrawRect(new RectF(i % 300, 190, 1, 1), Color.Text);
        renderer.DrawText("labels and text batch with the rects", 0, 0, 1, Color.Text);
        for (int i = 0; i < 6; i++) renderer.DrawGrid(b, i, new RectF(250, i * 20, 16, 16), Colormap.Diverging, -1, 1);
        renderer.EndFrame();

        Assert.Equal(4, renderer.DrawCalls); // all rects, one per grid texture, all text
    }
}
