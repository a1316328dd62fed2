using System.Numerics;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>A real GLFW window (under xvfb-run in CI) against the offscreen EGL path.</summary>
[Collection(GlCollection.Name)]
public sealed class WindowTests(ITestOutputHelper output)
{
    private const int W = 240, H = 120;

    [Fact]
    public void WindowAndOffscreen_GiveIdenticalPixelsForTheSameFrame()
    {
        Pixels offscreen;
        using (var surface = Gpu.Offscreen(output, W, H))
        {
            if (surface is null) return;
            offscreen = DrawScene(surface);
        }
        using var window = Gpu.Window(output, W, H);
        if (window is null) return;
        output.WriteLine($"window: {window.Description}, framebuffer {window.FramebufferWidth}×{window.FramebufferHeight}");
        if (window.FramebufferWidth != W || window.FramebufferHeight != H)
        {
            output.WriteLine("NOT COMPARED: the window manager resized the window");
            Assert.False(Gpu.InCi, "under xvfb the window must get its requested size");
            return;
        }
        var windowed = DrawScene(window);

        int differing = 0, first = -1;
        for (int i = 0; i < offscreen.Rgb.Length; i++)
            if (offscreen.Rgb[i] != windowed.Rgb[i]) { differing++; if (first < 0) first = i; }
        if (differing > 0)
            Assert.Fail($"{differing} of {offscreen.Rgb.Length} bytes differ; first at pixel ({first / 3 % W},{first / 3 / W}): offscreen {offscreen.Rgb[first]}, window {windowed.Rgb[first]}");
        // The frame is not trivially empty.
        Assert.True(W * H - offscreen.Count(0, 0, W, H, Color.Background) > 3 * 70 * 50, "the three grids alone cover 10,500 pixels");
    }

    [Fact]
    public void WholeScene_WindowAndOffscreen_GiveIdenticalPixelsBelowTheTimings()
    {
        const int w = (int)Scene.Width, h = (int)Scene.Height, header = 32; // the header shows ms and fps, which differ run to run
        Pixels Draw(IRenderSurface surface)
        {
            var session = SampleSession.Create(seed: 3);
            session.Step(4);
            using var viewer = new LiveFrames(surface, session, new InputQueue());
            viewer.State.Paused = true;
            viewer.RunFrame();
            var pixels = Pixels.Read(surface);
            surface.Present();
            return pixels;
        }
        Pixels offscreen;
        using (var surface = Gpu.Offscreen(output, w, h))
        {
            if (surface is null) return;
            offscreen = Draw(surface);
        }
        using var window = Gpu.Window(output, w, h);
        if (window is null) return;
        if (window.FramebufferWidth != w || window.FramebufferHeight != h)
        {
            output.WriteLine($"NOT COMPARED: the window is {window.FramebufferWidth}×{window.FramebufferHeight}");
            Assert.False(Gpu.InCi, "under xvfb the window must get its requested size");
            return;
        }
        var windowed = Draw(window);
        int start = header * w * 3, differing = 0;
        for (int i = start; i < offscreen.Rgb.Length; i++) if (offscreen.Rgb[i] != windowed.Rgb[i]) differing++;
        Assert.True(differing == 0, $"{differing} bytes below the header differ between the window and the offscreen frame");
    }

    [Fact]
    public void Open_WithoutDisplay_SaysToUseHeadlessInOneLine()
    {
        string? display = Environment.GetEnvironmentVariable("DISPLAY");
        string? wayland = Environment.GetEnvironmentVariable("WAYLAND_DISPLAY");
        try
        {
            Environment.SetEnvironmentVariable("DISPLAY", null);
            Environment.SetEnvironmentVariable("WAYLAND_DISPLAY", null);
            var e = Assert.Throws<RenderUnavailableException>(() => GlfwWindow.Open(100, 100, "no display"));
            if (!Glfw.IsAvailable())
            {
                Assert.Contains("apt-get install libglfw3", e.Message);
                return;
            }
            Assert.Contains("DISPLAY", e.Message);
            Assert.Contains("--headless", e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DISPLAY", display);
            Environment.SetEnvironmentVariable("WAYLAND_DISPLAY", wayland);
        }
    }

    /// <summary>A frame with every kind of primitive: grids in all colormaps, text, lines, outlines, translucency.</summary>
    internal static Pixels DrawScene(IRenderSurface surface)
    {
        using var renderer = new Renderer2D(surface.Gl, hotReload: false);
        var grid = renderer.CreateGrid(7, 5, 2);
        var values = new float[70];
        for (int i = 0; i < values.Length; i++) values[i] = MathF.Sin(i * 0.37f) * (i % 3);
        grid.SetTiles(values);
        renderer.UploadChangedGrids();

        renderer.BeginFrame(surface, Color.Background);
        renderer.DrawGrid(grid, 0, new RectF(5, 5, 70, 50), Colormap.Diverging, -2, 2);
        renderer.DrawGrid(grid, 1, new RectF(80, 5, 70, 50), Colormap.Sequential, 0, 2);
        renderer.DrawGrid(grid, 1, new RectF(155, 5, 70, 50), Colormap.Grayscale, -2, 2);
        renderer.DrawRectLines(new RectF(3, 3, 74, 54), 1, Color.Accent);
        renderer.DrawText("loss 0.123  acc 98.7%", 5, 62, 1, Color.Text);
        renderer.DrawText("Big", 5, 76, 2, Color.Right);
        Span<Vector2> line = [new(80, 110), new(120, 70), new(160, 100), new(230, 64)];
        renderer.DrawLineStrip(line, 2, Color.Train);
        renderer.DrawRect(new RectF(100, 80, 60, 30), Color.Wrong.WithAlpha(100));
        renderer.EndFrame();
        var pixels = Pixels.Read(surface);
        surface.Present();
        return pixels;
    }
}
