using System.Diagnostics;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Live;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;

namespace CnnViz.Render;

/// <summary>
/// The Draw half of a comparison's frame, on a window or an offscreen framebuffer, like <see cref="Viewer"/> for one
/// run: copies what changed into textures, uploads them, draws the <see cref="CompareScene"/>. Handed read-only
/// <see cref="CompareViews"/> and the <see cref="ViewState"/>; the Update half is <see cref="CompareFrameController"/>.
/// </summary>
public sealed class CompareViewer : IDisposable
{
    private readonly IRenderSurface _surface;
    private readonly CompareViews _views;
    private CompareScene _scene;
    private readonly PngWriter _png = new();
    private byte[]? _readScratch;

    public CompareViewer(IRenderSurface surface, CompareViews views)
    {
        _surface = surface;
        _views = views;
        Renderer = new Renderer2D(surface.Gl);
        _scene = new CompareScene(Renderer, views, surface.FramebufferWidth, surface.FramebufferHeight);
    }

    public Renderer2D Renderer { get; }
    internal CompareScene Scene => _scene;
    public double UploadMs { get; private set; }
    public double DrawMs { get; private set; }

    public void Draw(ViewState state)
    {
        if (_surface.FramebufferWidth != _scene.Layout.FramebufferWidth || _surface.FramebufferHeight != _scene.Layout.FramebufferHeight)
            _scene = new CompareScene(Renderer, _views, _surface.FramebufferWidth, _surface.FramebufferHeight);
        _scene.Update(Renderer, _views, state);
        long start = Stopwatch.GetTimestamp();
        Renderer.UploadChangedGrids();
        long uploadEnd = Stopwatch.GetTimestamp();
        Renderer.BeginFrame(_surface, CnnViz.Render.Scene.ClearColor, _scene.Layout.Width, _scene.Layout.Height);
        _scene.Draw(Renderer, _views, state);
        Renderer.EndFrame();
        _surface.Gl.Finish();
        UploadMs = Stopwatch.GetElapsedTime(start, uploadEnd).TotalMilliseconds;
        DrawMs = Stopwatch.GetElapsedTime(uploadEnd).TotalMilliseconds;
    }

    /// <summary>A click on a digit of the difference strip follows it in both runs ("pin test:I"); elsewhere null.</summary>
    public string? ClickCommand(float mouseX, float mouseY)
    {
        var (x, y) = Renderer.ToLayout(_surface, mouseX, mouseY);
        int test = _scene.Difference.HitTest(x, y);
        return test >= 0 ? $"pin test:{test}" : null;
    }

    public void Capture(string path)
    {
        byte[] rgb = FrameCapture.ReadRgb(_surface, ref _readScratch);
        _png.Enqueue(path, rgb, _surface.FramebufferWidth, _surface.FramebufferHeight);
    }

    public bool TryTakeMessage(out string message) => _png.TryTakeMessage(out message);
    public void FlushPngs() => _png.Flush();
    public (int Written, int Failed, string? FirstError) PngResults => (_png.Written, _png.Failed, _png.FirstError);

    public void Dispose()
    {
        _png.Flush();
        _png.Dispose();
        Renderer.Dispose();
    }
}
