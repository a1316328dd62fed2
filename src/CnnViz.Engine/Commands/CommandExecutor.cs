using CnnViz.Core.Models;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Live;

namespace CnnViz.Engine.Commands;

/// <summary>
/// Carries out commands on a session; the window (one command per key) and headless scripts use
/// the same executor, so a key and a script line do the same thing. "pause" and "speed N" write the
/// front end's <see cref="ViewState"/> (their one owner). Front ends add verbs (the window's
/// "screenshot PATH") through <see cref="Handlers"/> and a parser made with <see cref="CommandParser.With"/>.
/// </summary>
public sealed class CommandExecutor(TrainingSession session, ViewState? state = null)
{
    public TrainingSession Session { get; } = session;

    /// <summary>Paused and batches per frame live here (a headless run gets a state of its own).</summary>
    public ViewState State { get; } = state ?? new ViewState();

    /// <summary>Set by "quit"; a script stops there and the front end exits.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>
    /// True for headless runs: "resume" then trains until the epoch target instead of unpausing
    /// a window (and refuses to run without one).
    /// </summary>
    public bool Headless { get; init; }

    /// <summary>Called after every trained step of "step N" and headless "resume" (progress, evaluations, checkpoints).</summary>
    public Action<TrainingSession>? AfterStep { get; set; }

    /// <summary>One line per thing done ("saved checkpoint a.ckpt"), for a console or a HUD.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Extra verbs a front end handles itself, e.g. "screenshot".</summary>
    public Dictionary<string, Action<Command>> Handlers { get; } = new();

    /// <summary>Runs commands in order, stopping after "quit" or when training diverges.</summary>
    public void Run(IEnumerable<Command> script)
    {
        foreach (var command in script)
        {
            Execute(command);
            if (QuitRequested || Session.IsDiverged) return;
        }
    }

    /// <summary>Carries out one command.</summary>
    /// <exception cref="CommandException">It cannot be done now (bad sample or layer, unknown verb without a handler).</exception>
    /// <exception cref="CheckpointException">save/load failed.</exception>
    public void Execute(Command command)
    {
        switch (command.Verb)
        {
            case "pause": State.Paused = true; break;
            case "resume": Resume(); break;
            case "step": TrainSteps(command.Integer); break;
            case "speed": State.Pace = command.Pace; break;
            case "reset":
                Session.Reset(command.Argument is null ? null : command.Seed);
                Log?.Invoke($"reset with seed {Session.Seed}");
                break;
            case "lr": Session.LearningRate = command.Number; Log?.Invoke($"learning rate {Session.LearningRate}"); break;
            case "sample": Guard(command, () => Session.SelectedSample = command.Integer); break;
            case "layer": Guard(command, () => Session.FocusedLayer = command.Argument); break;
            case "save": Session.Save(command.Argument!); Log?.Invoke($"saved checkpoint {command.Argument} (step {Session.StepCount})"); break;
            case "load": Session.Load(command.Argument!); Log?.Invoke($"loaded checkpoint {command.Argument} (step {Session.StepCount}, epoch {Session.Epoch})"); break;
            case "seek": Seek(command); break;
            case "epochs": Session.TargetEpochs = command.Integer; break;
            case "quit": QuitRequested = true; break;
            case var verb when InspectionCommands.Handles(verb):
                if (command.Verb is "phase" or "knockout") State.Paused = true;   // a window would train the next frame
                InspectionCommands.Execute(Session, command, Log);
                if (command.Verb == "phase" && Session.Views.Inspection.LastPhase is { Kind: PhaseKind.Forward or PhaseKind.Backward } phase)
                    State.ShowGradients = phase.Kind == PhaseKind.Backward;   // show what the phase computed: outputs, or gradients
                break;
            default:
                if (!Handlers.TryGetValue(command.Verb, out var handler))
                    throw new CommandException($"'{command}' is not available here.");
                handler(command);
                break;
        }
    }

    /// <summary>Trains up to <paramref name="steps"/> mini-batches, calling <see cref="AfterStep"/> after each; returns how many.</summary>
    public int TrainSteps(int steps)
    {
        int done = 0;
        while (done < steps && !QuitRequested && Session.Step()) // "quit" (or a signal) from AfterStep stops here
        {
            done++;
            AfterStep?.Invoke(Session);
        }
        return done;
    }

    private void Resume()
    {
        State.Paused = false;
        if (!Headless) return;
        if (Session.TargetEpochs == 0)
            throw new CommandException("'resume' needs an epoch target in a headless run: put 'epochs N' before it.");
        while (!Session.IsFinished && !Session.IsDiverged && !QuitRequested)
            TrainSteps(State.BatchesPerFrame);
    }

    private void Seek(Command command)
    {
        if (Session.Timeline is null)
            throw new CommandException($"'{command}': this run keeps no timeline (snapshots are off: start it with --snapshot-every N).");
        long reached = Session.Seek(command.Integer);
        Log?.Invoke(reached == command.Integer ? $"at step {reached}" : $"stopped at step {reached} (the run finished or diverged)");
    }

    private static void Guard(Command command, Action action)
    {
        try { action(); }
        catch (ArgumentException e) { throw new CommandException($"'{command}': {e.Message.Split(" (Parameter")[0]}"); }
    }
}
