using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Commands;

namespace CnnViz.Engine.Live;

/// <summary>
/// Runs the window's command lines through the engine's command language (<see cref="CommandParser"/> and
/// <see cref="CommandExecutor"/>, the same ones headless --script uses), plus the window's own verbs:
/// screenshot PATH, gradients, switches, draw, clear, help. Each window verb is one small handler that
/// changes the <see cref="ViewState"/>; a new verb is one <see cref="CommandSpec"/> in <see cref="Parser"/>
/// and one handler. Every command returns a one-line status for the HUD; a bad one returns the parser's
/// message naming it and the valid forms.
/// </summary>
public sealed class WindowCommands
{
    /// <summary>The verbs about the followed digit, which headless scripts have too (explain prints the arithmetic).</summary>
    public static readonly CommandSpec[] StudySpecs =
    [
        new CommandSpec("pin", ArgumentKind.Text, false, Pinning.PinTarget.Usage, "follow this image through the network (the middle column)"),
        new CommandSpec("probe", ArgumentKind.None, false, "probe", "follow the next probe digit (one held-out digit per class)"),
        new CommandSpec("explain", ArgumentKind.Words, false, "explain LAYER C Y X | explain LAYER UNIT | explain off", "show the math of one value of the followed digit"),
    ];

    public static readonly CommandParser Parser = CommandParser.Default.With(StudySpecs).With(
        new CommandSpec("screenshot", ArgumentKind.Text, false, "screenshot PATH", "save the current frame as a PNG"),
        new CommandSpec("gradients", ArgumentKind.None, false, "gradients", "toggle gradients (dL/dW, dL/dmap) instead of values"),
        new CommandSpec("switches", ArgumentKind.None, false, "switches", "toggle the max-pool switch overlay"),
        new CommandSpec("draw", ArgumentKind.None, false, "draw", "toggle draw-a-digit mode"),
        new CommandSpec("clear", ArgumentKind.None, false, "clear", "clear the drawing canvas"),
        new CommandSpec("help", ArgumentKind.Text, true, "help [1|2|off]", "the help: next page (1: every panel, 2: the keys), or close it"),
        new CommandSpec("hover", ArgumentKind.Words, false, HoverTarget.Usage, "show the value at a map pixel, dense unit or kernel weight (the mouse does it too)"),
        new CommandSpec("predict", ArgumentKind.Text, false, "predict FILE", "pin an image file (also: drop it on the window)"),
        new CommandSpec("focus", ArgumentKind.Text, true, "focus [A|B]", "a comparison (--compare): which run the keys act on"),
        new CommandSpec("original", ArgumentKind.None, false, "original", "toggle the batch panel between the images as trained (distorted) and before distortion"),
        new CommandSpec("table", ArgumentKind.None, false, "table", "toggle the connection table of lenet5-1998's C3 (which S2 maps feed each C3 map)"));

    private readonly CommandExecutor _executor;
    private readonly ViewState _state;
    private string? _logged;

    public WindowCommands(TrainingSession session, ViewState state, Study.PinnedStudy study)
    {
        _state = state;
        _executor = new CommandExecutor(session, state) { Headless = false, Log = line => _logged = line };
        _executor.Handlers["screenshot"] = c => { state.PendingScreenshot = c.Argument; _logged = $"saving {c.Argument}..."; };
        _executor.Handlers["gradients"] = _ => Toggle(state.ShowGradients = !state.ShowGradients,
            "showing gradients: dL/dW on kernels, dL/dmap on maps", "showing values");
        _executor.Handlers["switches"] = _ => Toggle(state.ShowSwitches = !state.ShowSwitches,
            "max-pool switches: green = the input pixel each max picked", "switches hidden");
        _executor.Handlers["draw"] = _ =>
        {
            Toggle(state.DrawMode = !state.DrawMode, "draw mode: left button paints, right erases, C clears; the network follows your digit", "draw mode off");
            if (state.DrawMode) study.SetDrawn(state.Canvas);
            else study.EndDrawn();
        };
        _executor.Handlers["pin"] = c => _logged = study.PinImage(c.Argument!);
        _executor.Handlers["probe"] = _ => _logged = study.NextProbe();
        _executor.Handlers["explain"] = c =>
        {
            if (c.Argument == "off") { study.CloseExplanation(); _logged = "explanation closed"; return; }
            var e = study.ExplainValue(c.Argument!);
            _logged = $"{e.Position} = {e.Value:F4} (the math is in the right column; Esc closes it)";
        };
        _executor.Handlers["clear"] = _ => { state.Canvas.Clear(); _logged = "canvas cleared"; };
        _executor.Handlers["help"] = c =>
        {
            state.HelpPage = c.Argument switch
            {
                null => (state.HelpPage + 1) % (ViewState.HelpPages + 1),
                "off" => 0,
                "1" or "2" => c.Argument[0] - '0',
                _ => throw new ArgumentException($"help '{c.Argument}': use help, help 1 (the panels), help 2 (the keys) or help off."),
            };
            _logged = state.HelpPage == 0 ? "help closed" : $"help page {state.HelpPage} of {ViewState.HelpPages}: H for the next, Esc closes";
        };
        _executor.Handlers["hover"] = c =>
        {
            state.Hover = c.Argument == "off" ? null : HoverTarget.Parse(c.Argument!);
            _logged = state.Hover is null ? "hover off" : $"hovering {state.Hover}";
        };
        _executor.Handlers["predict"] = c => _logged = Pin(session, state, c.Argument!);
        _executor.Handlers["original"] = _ => _logged = ToggleOriginal(session, state);
        _executor.Handlers["table"] = _ => _logged = ToggleConnections(session, state);
        _executor.Handlers["focus"] = _ => _logged = "focus switches between the two runs of a comparison: start with --compare KEY=VALUE (e.g. pool=avg)";
    }

    /// <summary>The failure of the last <see cref="Execute"/>, or null when it worked (headless frames stop on it).</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Set by `quit` (Esc, Q): the loop ends after this frame.</summary>
    public bool QuitRequested => _executor.QuitRequested;

    /// <summary>Parses and runs one command line; returns the status line (the result, or the error).</summary>
    public string Execute(string line)
    {
        var session = _executor.Session;
        _logged = null;
        LastError = null;
        try
        {
            var command = Parser.Parse(line);
            if (command.Verb == "layer" && command.Argument == "none") session.FocusedLayer = null; // the window's "all layers"
            else _executor.Execute(command);
            return _logged ?? Describe(command, session);
        }
        catch (Exception e) when (e is CommandException or CheckpointException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            LastError = e;
            return e.Message;
        }
    }

    private string Describe(Command command, TrainingSession session) => command.Verb switch
    {
        "pause" => "paused: N trains one mini-batch, Space resumes",
        "resume" => "running",
        "step" => session.IsDiverged ? "training diverged" : $"step {session.StepCount:N0}",
        "speed" => $"speed {_state.Pace}",
        "sample" => $"sample {session.SelectedSample} selected",
        "layer" => session.FocusedLayer is null ? "all layers" : $"zoomed on {session.FocusedLayer} (L: the next; Shift+L or 0: all layers)",
        "epochs" => $"stop after epoch {session.TargetEpochs}",
        "quit" => "bye",
        _ => command.ToString(),
    };

    /// <summary>`predict FILE`: the image (ImageFile's rule) becomes the draw canvas, so its prediction and every
    /// layer's activations show, as for a drawn digit; a file that cannot be used leaves the canvas and says why.</summary>
    private static string Pin(TrainingSession session, ViewState state, string path)
    {
        var shape = session.Model.InputShape;
        if (shape != new Core.Tensors.SampleShape(1, DrawCanvas.Size, DrawCanvas.Size))
            return $"predict: the model takes {shape} images; pinning a file needs 1×{DrawCanvas.Size}×{DrawCanvas.Size}.";
        try { state.Canvas.Load(Data.ImageFile.Load(path, DrawCanvas.Size, DrawCanvas.Size)); }
        catch (Data.ImageFileException e) { return e.Message; }
        state.DrawMode = true;
        return $"pinned {Path.GetFileName(path)}: its prediction and activations are shown (C clears, D leaves)";
    }

    /// <summary>`original` (O): only meaningful with --augment; without it both views are the same images, and it says so.</summary>
    private static string ToggleOriginal(TrainingSession session, ViewState state)
    {
        if (session.Views.Augmentation is not { } kind)
            return "original: the batch is not distorted (start with --augment affine or elastic to compare)";
        state.ShowOriginal = !state.ShowOriginal;
        return state.ShowOriginal ? $"batch: the original images, before the {kind} distortion (O: as trained)" : $"batch: the images as trained, {kind}-distorted (O: the originals)";
    }

    /// <summary>`table` (T): the masked convolution's connection table; a model without one says which has one.</summary>
    private static string ToggleConnections(TrainingSession session, ViewState state)
    {
        if (session.Views.ConnectionTable is not { } masked)
            return $"table: {session.Config.Model.Name} has no connection table (lenet5-1998's C3 has one: --model lenet5-1998)";
        state.ShowConnections = !state.ShowConnections;
        return state.ShowConnections ? $"{masked.Name} connection table shown (T hides it)" : "connection table hidden";
    }

    private void Toggle(bool on, string whenOn, string whenOff) => _logged = on ? whenOn : whenOff;
}
