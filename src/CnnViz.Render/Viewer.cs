using System.Diagnostics;
using CnnViz.Engine.Live;
using CnnViz.Engine.Study;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;

namespace CnnViz.Render;

/// <summary>
/// The Draw half of a frame, on any surface (a window, or an offscreen framebuffer for headless frames):
/// <see cref="Draw"/> copies the views that changed into textures, uploads them, and draws the panels.
/// It is handed read-only <see cref="SessionViews"/> and the <see cref="ViewState"/>, nothing that can
/// change a session; the Update half is <see cref="FrameController"/> in the engine.
/// </summary>
public sealed class Viewer : IDisposable
{
    private readonly IRenderSurface _surface;
    private readonly SessionViews _views;
    private readonly StudyViews _study;
    private Scene _scene;
    private readonly PngWriter _png = new();
    private byte[]? _readScratch;

    public Viewer(IRenderSurface surface, SessionViews views, StudyViews study)
    {
        _surface = surface;
        _views = views;
        _study = study;
        Renderer = new Renderer2D(surface.Gl);
        _scene = new Scene(Renderer, views, study, surface.FramebufferWidth, surface.FramebufferHeight);
    }

    public Renderer2D Renderer { get; }
    internal Scene Scene => _scene;

    /// <summary>Milliseconds spent uploading changed textures and drawing, in the last <see cref="Draw"/>.</summary>
    public double UploadMs { get; private set; }
    public double DrawMs { get; private set; }

    /// <summary>Uploads what changed and draws every panel (the caller presents the frame).</summary>
    public void Draw(ViewState state)
    {
        if (_surface.FramebufferWidth != _scene.Layout.FramebufferWidth || _surface.FramebufferHeight != _scene.Layout.FramebufferHeight)
            _scene = new Scene(Renderer, _views, _study, _surface.FramebufferWidth, _surface.FramebufferHeight); // resized: reflow (textures are remade once)
        _scene.Update(Renderer, _views, _study, state); // copy the changed views into the textures' CPU side (not timed, as before)
        long start = Stopwatch.GetTimestamp();
        Renderer.UploadChangedGrids();
        long uploadEnd = Stopwatch.GetTimestamp();
        Renderer.BeginFrame(_surface, Scene.ClearColor, _scene.Layout.Width, _scene.Layout.Height);
        _scene.Draw(Renderer, _views, _study, state);
        Renderer.EndFrame();
        _surface.Gl.Finish(); // count the rasterization (llvmpipe's threads) in the draw time
        UploadMs = Stopwatch.GetElapsedTime(start, uploadEnd).TotalMilliseconds;
        DrawMs = Stopwatch.GetElapsedTime(uploadEnd).TotalMilliseconds;
    }

    /// <summary>The draw-mode canvas point, in canvas pixels, under the mouse at window point (x, y); false outside the canvas.</summary>
    public bool CanvasPoint(float mouseX, float mouseY, out float x, out float y)
    {
        var (lx, ly) = Renderer.ToLayout(_surface, mouseX, mouseY);
        return _scene.Canvas.ToCanvas(lx, ly, out x, out y);
    }

    /// <summary>
    /// What a click at window point (x, y) asks for, as a command line: a digit (batch, held-out strip, held-out
    /// mistakes) → "pin …"; a value of the maps or bars → "explain LAYER C Y X"; elsewhere null.
    /// </summary>
    public string? ClickCommand(float mouseX, float mouseY)
    {
        var (x, y) = Renderer.ToLayout(_surface, mouseX, mouseY);
        if (_scene.LayerStack.Area.Contains(x, y) && _scene.LayerStack.HitTest(x, y, out string layer, out int c, out int row, out int col))
            return _views.Layers.First(l => l.Name == layer).OutputShape.IsFlat ? $"explain {layer} {c}" : $"explain {layer} {c} {row} {col}";
        int n = _scene.BatchPanel.HitTest(_views, x, y);
        if (n >= 0) return $"pin batch:{n}";
        int test = _study.Explanation is null ? _scene.HeldOutStrip.HitTest(_study, x, y) : -1;
        if (test < 0) test = _scene.HeldOutMistakes.HitTest(x, y);
        return test >= 0 ? $"pin test:{test}" : null;
    }

    /// <summary>The value under window point (x, y) in the last frame's layout (GL-free arithmetic), or null.</summary>
    public HoverTarget? HoverAt(float mouseX, float mouseY)
    {
        var (x, y) = Renderer.ToLayout(_surface, mouseX, mouseY);
        return _scene.LayerStack.HoverAt(x, y);
    }

    /// <summary>Reads the frame just drawn and queues it as a PNG (written off this thread, temp file + rename).</summary>
    public void Capture(string path)
    {
        int w = _surface.FramebufferWidth, h = _surface.FramebufferHeight;
        byte[] rgb = FrameCapture.ReadRgb(_surface, ref _readScratch);
        _png.Enqueue(path, rgb, w, h);
    }

    /// <summary>A message of a finished PNG ("saved …" or the error), if one is ready.</summary>
    public bool TryTakeMessage(out string message) => _png.TryTakeMessage(out message);

    /// <summary>Blocks until every queued PNG is written (their messages stay for <see cref="TryTakeMessage"/>).</summary>
    public void FlushPngs() => _png.Flush();

    /// <summary>PNGs written so far, PNGs that failed, and the first failure (after <see cref="FlushPngs"/>: all of them).</summary>
    public (int Written, int Failed, string? FirstError) PngResults => (_png.Written, _png.Failed, _png.FirstError);

    public void Dispose()
    {
        _png.Flush();
        _png.Dispose();
        Renderer.Dispose();
    }
}
