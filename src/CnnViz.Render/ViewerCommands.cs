using System.Globalization;
using CnnViz.Engine;

namespace CnnViz.Render;

/// <summary>
/// Runs one command line against the session and the view: the keys' language (see <see cref="KeyBindings"/>).
/// Training commands: pause, resume, step N, speed N, reset [SEED], lr X, sample I, layer NAME|none, save PATH, quit.
/// Window commands: screenshot PATH, view gradients|switches, draw, clear, help.
/// Returns the status line to show; a bad command returns a one-line error naming it and the valid forms.
/// </summary>
public static class ViewerCommands
{
    public const string Usage = "commands: pause, resume, step N, speed N, reset [SEED], lr X, sample I, layer NAME|none, save PATH, quit, "
        + "screenshot PATH, view gradients|switches, draw, clear, help";

    public static string Execute(string line, TrainingSession session, ViewState state)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return "empty command; " + Usage;
        string arg = words.Length > 1 ? string.Join(' ', words[1..]) : "";
        try
        {
            switch (words[0])
            {
                case "pause": state.Paused = true; return "paused: N steps one mini-batch, Space resumes";
                case "resume": state.Paused = false; return "running";
                case "step":
                    int n = arg.Length == 0 ? 1 : PositiveInt(arg, "step");
                    int done = session.Step(n);
                    return done == n ? $"stepped {n} mini-batch{(n == 1 ? "" : "es")} (step {session.StepCount})" : $"stepped {done} of {n}: {StopReason(session)}";
                case "speed":
                    state.BatchesPerFrame = Math.Clamp(PositiveInt(arg, "speed"), 1, ViewState.MaxBatchesPerFrame);
                    return $"{state.BatchesPerFrame} mini-batch{(state.BatchesPerFrame == 1 ? "" : "es")} per frame";
                case "reset":
                    ulong? seed = arg.Length == 0 ? null : ulong.Parse(arg, CultureInfo.InvariantCulture);
                    session.Reset(seed);
                    return $"restarted with seed {session.Seed}";
                case "lr":
                    session.LearningRate = float.Parse(arg, CultureInfo.InvariantCulture);
                    return FormattableString.Invariant($"learning rate {session.LearningRate:G4}");
                case "sample":
                    session.SelectedSample = int.Parse(arg, CultureInfo.InvariantCulture);
                    return $"sample {session.SelectedSample} selected";
                case "layer":
                    session.FocusedLayer = arg is "" or "none" ? null : arg;
                    return session.FocusedLayer is null ? "all layers" : $"zoomed on {session.FocusedLayer}";
                case "save":
                    return "checkpoints are not available in this build yet";
                case "quit": state.QuitRequested = true; return "bye";
                case "screenshot":
                    if (arg.Length == 0) return "screenshot needs a path: screenshot PATH.png";
                    state.PendingScreenshot = arg;
                    return $"saving {arg}…";
                case "view" when arg == "gradients":
                    state.ShowGradients = !state.ShowGradients;
                    return state.ShowGradients ? "showing gradients: dL/dW on kernels, dL/dmap on maps" : "showing values";
                case "view" when arg == "switches":
                    state.ShowSwitches = !state.ShowSwitches;
                    return state.ShowSwitches ? "max-pool switches: amber = the input pixel each max picked" : "switches hidden";
                case "draw":
                    state.DrawMode = !state.DrawMode;
                    return state.DrawMode ? "draw mode: draw a digit with the left mouse button (right erases), C clears" : "draw mode off";
                case "clear":
                    Array.Clear(state.Canvas);
                    state.CanvasVersion++;
                    return "canvas cleared";
                case "help": state.ShowHelp = !state.ShowHelp; return state.ShowHelp ? "help: H closes it" : "";
                default: return $"unknown command '{words[0]}'; {Usage}";
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return $"'{line}': {e.Message}";
        }
    }

    private static int PositiveInt(string text, string command)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new FormatException($"{command} takes a whole number of at least 1, got '{text}'");
        return n;
    }

    private static string StopReason(TrainingSession session) =>
        session.DivergenceMessage ?? (session.IsFinished ? $"the run finished its {session.TargetEpochs} epochs" : "stopped");
}
