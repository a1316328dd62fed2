using System.Diagnostics;
using CnnViz.Engine;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;

namespace CnnViz.Render;

/// <summary>
/// One frame of the live view, on any surface (a window, or an offscreen framebuffer for headless frames):
/// <see cref="RunFrame"/> = Update (input → commands, train <see cref="ViewState.BatchesPerFrame"/> mini-batches,
/// a slice of validation, upload changed textures) then Draw (panels only). The work per frame is bounded:
/// no catch-up loop, so drawing never starves.
/// </summary>
public sealed class Viewer : IDisposable
{
    /// <summary>Validation/test images evaluated per frame while a pass is pending (≈ a few ms of forward passes).</summary>
    public const int EvaluationBudget = 250;

    private readonly IRenderSurface _surface;
    private readonly TrainingSession _session;
    private readonly InputQueue _input;
    private readonly Scene _scene;
    private readonly PngWriter _png = new();
    private readonly FrameLog? _log;
    private byte[]? _readScratch;
    private long _lastFrameStart, _predictedCanvas = -1, _predictedStep = -1;
    private bool _reportedDivergence;

    public Viewer(IRenderSurface surface, TrainingSession session, InputQueue input, string? frameLogPath = null)
    {
        _surface = surface;
        _session = session;
        _input = input;
        Renderer = new Renderer2D(surface.Gl);
        _scene = new Scene(Renderer, session.Views);
        _log = frameLogPath is null ? null : new FrameLog(frameLogPath);
        _commands = new WindowCommands(session, State);
    }

    private readonly WindowCommands _commands;

    public Renderer2D Renderer { get; }
    internal Scene Scene => _scene;
    public ViewState State { get; } = new();
    public int Frames { get; private set; }

    /// <summary>Messages for the console: saved screenshots, errors. The window prints them as they come.</summary>
    public event Action<string>? Message;

    /// <summary>Runs one frame; <paramref name="draw"/> false skips drawing (headless frames that are not saved). Returns false once `quit` was given.</summary>
    public bool RunFrame(bool draw = true)
    {
        long frameStart = Stopwatch.GetTimestamp();
        if (_lastFrameStart != 0)
        {
            double fps = 1 / Stopwatch.GetElapsedTime(_lastFrameStart, frameStart).TotalSeconds;
            State.Fps = State.Fps == 0 ? fps : State.Fps + 0.1 * (fps - State.Fps);
        }
        _lastFrameStart = frameStart;
        var views = _session.Views;

        // ---- Update: input → commands → training → textures ----
        while (_input.TryDequeue(out InputEvent e))
        {
            string? command = KeyBindings.ToCommand(e, views, State);
            if (command is not null) Execute(command);
        }
        if (State.DrawMode)
        {
            var (mx, my) = Renderer.ToLayout(_surface, _input.MouseX, _input.MouseY);
            if (_scene.Canvas.Paint(mx, my, _input.MouseLeftDown, _input.MouseRightDown, State.Canvas)) State.CanvasVersion++;
        }

        long trainStart = Stopwatch.GetTimestamp();
        int images = 0;
        if (!State.Paused)
        {
            long before = views.Throughput.TotalImages;
            _session.Step(State.BatchesPerFrame);
            images = (int)(views.Throughput.TotalImages - before);
        }
        if (_session.HasPendingEvaluation) _session.Evaluate(EvaluationBudget);
        if (State.DrawMode && (State.CanvasVersion != _predictedCanvas || views.Step != _predictedStep))
        {
            _session.Predict(State.Canvas);
            _predictedCanvas = State.CanvasVersion;
            _predictedStep = views.Step;
        }
        long trainEnd = Stopwatch.GetTimestamp();

        if (_session.IsDiverged && !_reportedDivergence)
        {
            State.Paused = true; // stop on the last finite weights; R restarts
            State.Status = "training diverged (see below); [ lowers the learning rate, R restarts";
            _reportedDivergence = true;
        }
        if (!_session.IsDiverged) _reportedDivergence = false;
        while (_png.TryTakeMessage(out string message))
        {
            State.Status = message;
            Message?.Invoke(message);
        }
        State.ShaderError = Renderer.ShaderError;

        _scene.Update(views, State);
        long uploadStart = Stopwatch.GetTimestamp();
        Renderer.UploadChangedGrids();
        long uploadEnd = Stopwatch.GetTimestamp();

        // ---- Draw: panels only ----
        bool drew = draw || State.PendingScreenshot is not null;
        if (drew)
        {
            Renderer.BeginFrame(_surface, Scene.ClearColor, Scene.Width, Scene.Height);
            _scene.Draw(Renderer, views, State);
            Renderer.EndFrame();
            _surface.Gl.Finish(); // count the rasterization (llvmpipe's threads) in the draw time
        }
        long drawEnd = Stopwatch.GetTimestamp();

        if (State.PendingScreenshot is { } path)
        {
            Capture(path);
            State.PendingScreenshot = null;
        }
        State.TrainMs = Stopwatch.GetElapsedTime(trainStart, trainEnd).TotalMilliseconds;
        State.UploadMs = Stopwatch.GetElapsedTime(uploadStart, uploadEnd).TotalMilliseconds;
        if (drew) State.DrawMs = Stopwatch.GetElapsedTime(uploadEnd, drawEnd).TotalMilliseconds; // undrawn headless frames keep the last figure
        _log?.Add(State.TrainMs, State.UploadMs, State.DrawMs, Stopwatch.GetElapsedTime(frameStart, drawEnd).TotalMilliseconds, images);
        Frames++;
        return !State.QuitRequested;
    }

    /// <summary>Runs a command line (a key's, or a script's) and shows its result in the status line.</summary>
    public string Execute(string command)
    {
        string status = _commands.Execute(command);
        State.Status = status;
        return status;
    }

    /// <summary>Reads the frame just drawn and queues it as a PNG (written off this thread, temp file + rename).</summary>
    public void Capture(string path)
    {
        int w = _surface.FramebufferWidth, h = _surface.FramebufferHeight;
        byte[] rgb = FrameCapture.ReadRgb(_surface, ref _readScratch);
        _png.Enqueue(path, rgb, w, h);
    }

    /// <summary>Blocks until every queued PNG is written; returns their messages.</summary>
    public void FlushPngs()
    {
        _png.Flush();
        while (_png.TryTakeMessage(out string message))
        {
            State.Status = message;
            Message?.Invoke(message);
        }
    }

    /// <summary>The failure of the last <see cref="Execute"/>, or null.</summary>
    public Exception? LastCommandError => _commands.LastError;

    /// <summary>PNGs written so far, PNGs that failed, and the first failure (after <see cref="FlushPngs"/>: all of them).</summary>
    public (int Written, int Failed, string? FirstError) PngResults => (_png.Written, _png.Failed, _png.FirstError);

    /// <summary>The frame log's summary line, or null without a log.</summary>
    public string? LogSummary => _log?.Summary();

    public void Dispose()
    {
        FlushPngs();
        _png.Dispose();
        _log?.Dispose();
        Renderer.Dispose();
    }
}
