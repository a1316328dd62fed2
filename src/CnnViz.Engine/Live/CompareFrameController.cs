using System.Diagnostics;
using CnnViz.Engine.Commands;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Study;

namespace CnnViz.Engine.Live;

/// <summary>
/// The frame's Update for a comparison, GL-free: the same per-frame work as <see cref="FrameController"/>, on both runs
/// in lockstep. Command lines go to the run that has the focus (lr, sample, layer, phase, knockout, save, …), except those
/// that keep the runs in step, which act on both: step N, reset, seek STEP, epochs N, and the followed digit (pin, probe).
/// "focus [A|B]" (key A) moves the focus. One <see cref="ViewState"/> for both: one pause, one speed.
/// </summary>
public sealed class CompareFrameController : IDisposable
{
    private readonly Comparison _c;
    private readonly WindowCommands[] _commands;
    private readonly FrameLog? _log;
    private long _frameStart, _paceFrame;
    private Pace _pace;
    private int _images;

    public CompareFrameController(Comparison comparison, string? frameLogPath = null)
    {
        _c = comparison;
        Studies = [new PinnedStudy(comparison.A), new PinnedStudy(comparison.B)];
        _commands = [new WindowCommands(comparison.A, State, Studies[0]), new WindowCommands(comparison.B, State, Studies[1])];
        Difference = new HeldOutDifference(Studies[0].HeldOut, Studies[1].HeldOut);
        Views = new CompareViews(comparison, Studies[0].Views, Studies[1].Views, Difference);
        _log = frameLogPath is null ? null : new FrameLog(frameLogPath);
    }

    public Comparison Comparison => _c;
    public ViewState State { get; } = new();
    public IReadOnlyList<PinnedStudy> Studies { get; }
    public HeldOutDifference Difference { get; }
    public CompareViews Views { get; }
    public int Frames { get; private set; }
    public bool QuitRequested => _commands[0].QuitRequested || _commands[1].QuitRequested;
    public Exception? LastCommandError { get; private set; }
    public event Action<string>? Message;

    /// <summary>Runs a command line on the focused run, or on both for those that keep them in step; returns its status.</summary>
    public string Execute(string line)
    {
        LastCommandError = null;
        Command command;
        try { command = WindowCommands.Parser.Parse(line); }
        catch (CommandException e) { LastCommandError = e; return State.Status = e.Message; }
        string status;
        switch (command.Verb)
        {
            case "focus":
                if (command.Argument is { } which && which.ToUpperInvariant() is not ("A" or "B"))
                    return Fail(new CommandException($"bad command '{line.Trim()}': expected A or B; usage: focus [A|B]."));
                _c.Focus = command.Argument is null ? 1 - _c.Focus : command.Argument.ToUpperInvariant() == "A" ? 0 : 1;
                status = $"focus on run {Comparison.Label(_c.Focus)}{(_c.Focus == 1 ? $" ({_c.Change.Text})" : "")}: keys act on it; A switches";
                break;
            case "step":
                int done = _c.Step(command.Integer);
                status = $"both runs: step {_c.A.StepCount:N0} / {_c.B.StepCount:N0}{(done < command.Integer ? " (finished)" : "")}";
                break;
            case "reset":
                _c.Reset(command.Argument is null ? null : command.Seed);
                status = $"both runs restarted from one start, seed {_c.A.Seed}";
                break;
            case "seek":
                if (_c.A.Timeline is null) return Fail(new CommandException($"'{line.Trim()}': these runs keep no timeline (start with --snapshot-every N)."));
                var (a, b) = _c.Seek(command.Integer);
                status = $"both runs at step {a:N0}{(b != a ? $" / {b:N0}" : "")}";
                break;
            case "epochs" or "pin" or "probe":
                string first = _commands[0].Execute(line);
                string second = _commands[1].Execute(line);
                LastCommandError = _commands[0].LastError ?? _commands[1].LastError;
                status = _c.Focus == 0 ? first : second;
                break;
            case "draw" or "clear" or "predict":
                return Fail(new CommandException($"'{command.Verb}' follows one run's drawn digit; it is not available in a comparison (pin a test digit: click it, or 'pin test:I')."));
            default:
                status = _commands[_c.Focus].Execute(line);
                LastCommandError = _commands[_c.Focus].LastError;
                break;
        }
        return State.Status = status;

        string Fail(CommandException e)
        {
            LastCommandError = e;
            return State.Status = e.Message;
        }
    }

    /// <summary>Shows <paramref name="message"/> in the status line and passes it to <see cref="Message"/>.</summary>
    public void Report(string message)
    {
        State.Status = message;
        Message?.Invoke(message);
    }

    /// <summary>Training of both runs (unless paused), an evaluation slice of each, both followed digits, the difference.</summary>
    public void Update()
    {
        long start = Stopwatch.GetTimestamp();
        if (_frameStart != 0)
        {
            double fps = 1 / Stopwatch.GetElapsedTime(_frameStart, start).TotalSeconds;
            State.Fps = State.Fps == 0 ? fps : State.Fps + 0.1 * (fps - State.Fps);
        }
        _frameStart = start;
        _images = 0;
        if (State.Pace != _pace) (_pace, _paceFrame) = (State.Pace, 0);
        if (!State.Paused)
        {
            long before = _c.A.Throughput.TotalImages + _c.B.Throughput.TotalImages;
            _c.Step(_pace.StepsOnFrame(_paceFrame++));
            _images = (int)(_c.A.Throughput.TotalImages + _c.B.Throughput.TotalImages - before);
        }
        for (int i = 0; i < 2; i++)
        {
            var run = _c.Run(i);
            if (run.HasPendingEvaluation) run.Evaluate(FrameController.EvaluationBudget / 2);
            Studies[i].Update();
        }
        Difference.Update();
        State.TrainMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if ((_c.A.IsDiverged || _c.B.IsDiverged) && !State.Paused)
        {
            State.Paused = true;
            State.Status = $"run {(_c.A.IsDiverged ? "A" : "B")} diverged; A focuses it, [ lowers its learning rate, R restarts both";
        }
    }

    /// <summary>The screenshot a command asked for, once.</summary>
    public string? TakeScreenshotRequest() => State.TakeScreenshotRequest();

    public void EndFrame(double? uploadMs, double? drawMs)
    {
        State.KeepTimings(uploadMs, drawMs);
        _log?.Add(State.TrainMs, State.UploadMs, State.DrawMs, Stopwatch.GetElapsedTime(_frameStart).TotalMilliseconds, _images);
        Frames++;
    }

    public string? LogSummary => _log?.Summary();

    public void Dispose() => _log?.Dispose();
}
