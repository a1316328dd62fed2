using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>
/// What a pixel test draws with: an offscreen EGL surface and a renderer on it (real shaders, no hot reload),
/// disposed together, renderer first. <see cref="Open"/> returns null where GL is unavailable (see <see cref="Gpu"/>).
/// </summary>
internal sealed class OffscreenRenderer : IDisposable
{
    private OffscreenRenderer(OffscreenSurface surface) => (Surface, Renderer) = (surface, new Renderer2D(surface.Gl, hotReload: false));

    public OffscreenSurface Surface { get; }
    public Renderer2D Renderer { get; }

    public static OffscreenRenderer? Open(ITestOutputHelper output, int width, int height) =>
        Gpu.Offscreen(output, width, height) is { } surface ? new OffscreenRenderer(surface) : null;

    public void Deconstruct(out OffscreenSurface surface, out Renderer2D renderer) => (surface, renderer) = (Surface, Renderer);

    /// <summary>Ends the frame and reads it back.</summary>
    public Pixels EndFrame()
    {
        Renderer.EndFrame();
        return Pixels.Read(Surface);
    }

    public void Dispose()
    {
        Renderer.Dispose();
        Surface.Dispose();
    }
}
