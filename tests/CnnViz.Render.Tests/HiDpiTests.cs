using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;
using Silk.NET.OpenGL;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>A window whose framebuffer has more pixels than its size in screen units, as on a Retina/HiDPI display.</summary>
[Collection(GlCollection.Name)]
public sealed class HiDpiTests(ITestOutputHelper output)
{
    /// <summary>An offscreen framebuffer that reports a window size of 1/<paramref name="density"/> of its pixels.</summary>
    private sealed class HiDpiSurface(OffscreenSurface inner, int density) : IRenderSurface
    {
        public GL Gl => inner.Gl;
        public int Width => inner.FramebufferWidth / density;
        public int Height => inner.FramebufferHeight / density;
        public int FramebufferWidth => inner.FramebufferWidth;
        public int FramebufferHeight => inner.FramebufferHeight;
        public string Description => inner.Description;
        public void BindTarget() => inner.BindTarget();
        public void Present() { }
        public void Dispose() { }
    }

    [Fact]
    public void Layout_FillsTheFramebufferPixels_AndTheMouseMapsBackToLayoutUnits()
    {
        using var offscreen = Gpu.Offscreen(output, 2560, 1600);
        if (offscreen is null) return;
        var surface = new HiDpiSurface(offscreen, 2); // a 1280×800 window on a 2× display
        using var renderer = new Renderer2D(surface.Gl, hotReload: false);

        renderer.BeginFrame(surface, Color.Black, Scene.Width, Scene.Height);
        renderer.DrawRect(new RectF(100, 50, 10, 10), Color.Wrong);
        renderer.EndFrame();
        var px = Pixels.Read(surface);

        // Layout (100..110, 50..60) is framebuffer (200..220, 100..120): sharp, twice as many pixels.
        Assert.Equal(400, px.Count(190, 90, 230, 130, Color.Wrong));
        px.AssertColor(200, 100, Color.Wrong, 0, "top-left corner");
        px.AssertColor(199, 100, Color.Black, 0, "left of it");

        // The mouse reports window units, which here are layout units (not pixels): (105, 55) is inside the rectangle.
        var (x, y) = renderer.ToLayout(surface, 105f, 55f);
        Assert.Equal(105f, x, 3);
        Assert.Equal(55f, y, 3);
    }

    [Fact]
    public void Layout_KeepsItsAspectInAWiderWindow_WithBarsAtTheSides()
    {
        using var gpu = OffscreenRenderer.Open(output, 1600, 800);
        if (gpu is null) return;
        var (surface, renderer) = gpu;
        renderer.BeginFrame(surface, Color.Panel, Scene.Width, Scene.Height);
        var px = gpu.EndFrame();
        // 1280×800 centered in 1600×800: 160 black columns on each side.
        px.AssertColor(159, 400, Color.Black, 0, "left bar");
        px.AssertColor(160, 400, Color.Panel, 0, "layout's first column");
        px.AssertColor(1439, 400, Color.Panel, 0, "layout's last column");
        px.AssertColor(1440, 400, Color.Black, 0, "right bar");
        // The mouse over the layout's first column, and over its center.
        Assert.Equal(0f, renderer.ToLayout(surface, 160, 0).X, 3);
        Assert.Equal((640f, 400f), renderer.ToLayout(surface, 800, 400));
    }
}
