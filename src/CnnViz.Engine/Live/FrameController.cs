using System.Diagnostics;
using CnnViz.Engine.Views;

namespace CnnViz.Engine.Live;

/// <summary>
/// The frame's Update, GL-free: command lines (keys, --script) → the session and the <see cref="ViewState"/>;
/// then per frame a bounded amount of work: <see cref="ViewState.BatchesPerFrame"/> mini-batches unless paused,
/// a slice of pending validation, a draw-mode prediction when the canvas or the weights changed, and the
/// status line. The window, headless --frames and tests drive this same object; the renderer is handed only
/// <see cref="Views"/> and <see cref="State"/>.
/// <code>
/// frame.Execute("speed 4");     // any command line; returns its status
/// frame.Update();               // train, evaluate, predict, status
/// draw(frame.Views, frame.State);
/// frame.EndFrame(uploadMs, drawMs);
/// </code>
/// New per-frame behaviour is a step of <see cref="Update"/>; new commands are handlers of <see cref="WindowCommands"/>.
/// </summary>
public sealed class FrameController : IDisposable
{
    /// <summary>Validation/test images evaluated per frame while a pass is pending (≈ a few ms of forward passes).</summary>
    public const int EvaluationBudget = 250;

    private TrainingSession _session;
    private WindowCommands _commands;
    private readonly FrameLog? _log;
    private long _frameStart, _predictedCanvas = -1, _predictedStep = -1;
    private int _images;
    private long _paceFrame;     // frames since the pace was set: which frames step is a function of it
    private Pace _pace;
    private bool _reportedDivergence;

    public FrameController(TrainingSession session, string? frameLogPath = null)
    {
        _session = session;
        Study = new Study.PinnedStudy(session);
        _commands = new WindowCommands(session, State, Study);
        _log = frameLogPath is null ? null : new FrameLog(frameLogPath);
    }

    /// <summary>What the renderer reads of the session.</summary>
    public SessionViews Views => _session.Views;

    /// <summary>What the window shows; the only owner of paused and batches per frame.</summary>
    public ViewState State { get; } = new();

    /// <summary>The pinned digit, its explanation and the held-out strip (the renderer reads <see cref="Study.PinnedStudy.Views"/>).</summary>
    public Study.PinnedStudy Study { get; private set; }

    /// <summary>The session this frame loop drives (a saved model file replaces it: <see cref="Replace"/>).</summary>
    public TrainingSession Session => _session;

    /// <summary>
    /// Goes on with another session (the model file was saved and rebuilt): the same view state (pace, pause,
    /// views), frame count and frame log; a new pinned study on the new network. The renderer must be rebuilt
    /// for the new views.
    /// </summary>
    public void Replace(TrainingSession session)
    {
        _session = session;
        Study = new Study.PinnedStudy(session);
        _commands = new WindowCommands(session, State, Study);
        (_predictedCanvas, _predictedStep, _reportedDivergence) = (-1, -1, false);
    }

    /// <summary>Frames ended with <see cref="EndFrame"/>.</summary>
    public int Frames { get; private set; }

    /// <summary>Set by `quit` (Esc, Q): the loop ends after this frame.</summary>
    public bool QuitRequested => _commands.QuitRequested;

    /// <summary>Messages for the console (saved screenshots, errors); the window prints them as they come.</summary>
    public event Action<string>? Message;

    /// <summary>Runs a command line (a key's, or a script's) and shows its result in the status line.</summary>
    public string Execute(string command) => State.Status = _commands.Execute(command);

    /// <summary>The failure of the last <see cref="Execute"/>, or null when it worked (a headless --frames script stops on it).</summary>
    public Exception? LastCommandError => _commands.LastError;

    /// <summary>Shows <paramref name="message"/> in the status line and passes it to <see cref="Message"/>.</summary>
    public void Report(string message)
    {
        State.Status = message;
        Message?.Invoke(message);
    }

    /// <summary>Draw mode: the left button paints, the right erases at canvas point (x, y), in canvas pixels.</summary>
    public void Paint(float x, float y, bool left, bool right)
    {
        if (State.DrawMode && (left || right)) State.Canvas.Paint(x, y, erase: right);
    }

    /// <summary>The frame's work: training (unless paused), an evaluation slice, the draw-mode prediction, the status.</summary>
    public void Update()
    {
        long start = Stopwatch.GetTimestamp();
        if (_frameStart != 0)
        {
            double fps = 1 / Stopwatch.GetElapsedTime(_frameStart, start).TotalSeconds;
            State.Fps = State.Fps == 0 ? fps : State.Fps + 0.1 * (fps - State.Fps);
        }
        _frameStart = start;
        var views = _session.Views;

        _images = 0;
        if (State.Pace != _pace) (_pace, _paceFrame) = (State.Pace, 0);
        if (!State.Paused)
        {
            long before = views.Throughput.TotalImages;
            _session.Step(_pace.StepsOnFrame(_paceFrame++));
            _images = (int)(views.Throughput.TotalImages - before);
        }
        if (_session.HasPendingEvaluation) _session.Evaluate(EvaluationBudget);
        if (State.DrawMode && (State.Canvas.Version != _predictedCanvas || views.WeightsVersion != _predictedStep))
        {
            Study.SetDrawn(State.Canvas);   // draw mode pins the canvas: one probe, one forward pass
            _predictedCanvas = State.Canvas.Version;
            _predictedStep = views.WeightsVersion;   // a step, a knockout, a restore
        }
        Study.Update();                            // the pinned digit's forward pass when the weights or the pin changed
        State.TrainMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        if (_session.IsDiverged && !_reportedDivergence)
        {
            State.Paused = true; // stop on the last finite weights; R restarts
            State.Status = "training diverged (see below); [ lowers the learning rate, R restarts";
            _reportedDivergence = true;
        }
        if (!_session.IsDiverged) _reportedDivergence = false;
    }

    /// <summary>
    /// Finishes every pending evaluation now (validation, test, the held-out monitor's whole subset), so that a
    /// screenshot or a scripted frame shows the results of the step it shows, not those of an earlier step.
    /// </summary>
    public void CompleteEvaluation()
    {
        _session.FinishEvaluations();
        Study.ScoreAllHeldOut();
    }

    /// <summary>The screenshot a command asked for, once: the loop saves the frame it just drew there.</summary>
    public string? TakeScreenshotRequest() => State.TakeScreenshotRequest();

    /// <summary>
    /// Closes the frame: the draw timings (null for a headless frame that was not drawn: the HUD keeps the
    /// last figures), the frame log row.
    /// </summary>
    public void EndFrame(double? uploadMs, double? drawMs)
    {
        State.KeepTimings(uploadMs, drawMs);
        _log?.Add(State.TrainMs, State.UploadMs, State.DrawMs, Stopwatch.GetElapsedTime(_frameStart).TotalMilliseconds, _images);
        Frames++;
    }

    /// <summary>The frame log's summary line, or null without a log.</summary>
    public string? LogSummary => _log?.Summary();

    public void Dispose() => _log?.Dispose();
}
