using System.Globalization;
using System.Numerics.Tensors;
using CnnViz.Core.Models;

namespace CnnViz.Engine.Commands;

/// <summary>
/// The verbs that open up backpropagation, for the window and headless scripts alike; each one logs the
/// lines the window shows (a headless run prints them):
/// <code>
/// phase            run the next phase of the step: "phase 14/26 backward conv2: dW = Σₙ dY · patchᵀ, … | ‖dW‖ 2.1e-02 …"
/// phase 5 · phase end
/// gradcheck conv2  the report of <see cref="Core.Checking.LayerGradientCheck"/>, one line per tensor
/// knockout conv1 3 · restore
/// changes          record (and show) ΔW, W − W₀ and ‖ΔW‖/‖W‖ from the next step on; again: off
/// dead             per ReLU layer, the share of zeros per map over the last batch ("relu1 dead: 0% 12% …")
/// </code>
/// </summary>
public static class InspectionCommands
{
    public static readonly IReadOnlyList<CommandSpec> Specs =
    [
        new("phase", ArgumentKind.CountOrEnd, true, "phase [N|end]", "run the next phase of the step (N phases, or to its end)"),
        new("gradcheck", ArgumentKind.Text, true, "gradcheck [LAYER]", "check a layer's gradients numerically on this batch"),
        new("knockout", ArgumentKind.LayerAndIndex, false, "knockout LAYER K", "zero kernel K of a layer and its bias"),
        new("restore", ArgumentKind.None, false, "restore", "put the knocked-out kernel back"),
        new("changes", ArgumentKind.None, false, "changes", "record what each update changes (ΔW, W − W₀), or stop"),
        new("dead", ArgumentKind.None, false, "dead", "share of zeros per ReLU map over the last batch (dead ReLUs)"),
    ];

    /// <summary>True for the verbs of <see cref="Specs"/>.</summary>
    public static bool Handles(string verb)
    {
        foreach (var spec in Specs) if (spec.Verb == verb) return true;
        return false;
    }

    /// <summary>Carries out one of <see cref="Specs"/>; the lines it logs are what the window shows.</summary>
    /// <exception cref="CommandException">It cannot be done now (no batch yet, no such layer or kernel, a step half done).</exception>
    public static void Execute(TrainingSession session, Command command, Action<string>? log)
    {
        try
        {
            switch (command.Verb)
            {
                case "phase": Phase(session, command.Argument, log); break;
                case "gradcheck":
                    foreach (string line in session.GradientCheck(command.Argument).Lines()) log?.Invoke(line);
                    break;
                case "knockout":   // (log?.Invoke would skip evaluating its argument without a log: act first, then log)
                    string[] words = command.Argument!.Split(' ');
                    var result = session.Knockout(words[0], int.Parse(words[1], CultureInfo.InvariantCulture));
                    log?.Invoke(result.ToString());
                    break;
                case "restore":
                    bool restored = session.RestoreKnockout();
                    log?.Invoke(restored ? "restored the knocked-out kernel" : "nothing to restore: no kernel is knocked out");
                    break;
                case "changes":
                    session.TrackUpdates = !session.TrackUpdates;
                    log?.Invoke(session.TrackUpdates
                        ? "recording what each update changes: ΔW = W_t − W_{t−1}, W − W₀, ‖ΔW‖/‖W‖ (from the next step on)"
                        : "stopped recording updates (W − W₀ stays available)");
                    break;
                case "dead": Dead(session, log); break;
                default: throw new CommandException($"'{command}' is not an inspection command.");
            }
        }
        catch (ArgumentException e) { throw new CommandException($"'{command}': {e.Message}"); }
    }

    /// <summary>"relu1 dead over the last batch of 64: 0% 3% 41% 0% 100% 7% (1 of 6 maps all zero)", one line per ReLU layer.</summary>
    private static void Dead(TrainingSession session, Action<string>? log)
    {
        if (session.StepCount == 0 && !session.Phases.InProgress) throw new CommandException("'dead': no batch has been through the network yet; 'step 1' first");
        var model = session.Model;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            if (!session.DeadRelus.Has(i)) continue;
            ReadOnlySpan<float> dead = session.Views.Inspection.DeadFractions(i);
            var line = new System.Text.StringBuilder().Append(CultureInfo.InvariantCulture, $"{model.Layers[i].Name} dead over the last batch of {model.Layers[i].Output.Count}:");
            int allZero = 0;
            foreach (float d in dead) { line.Append(CultureInfo.InvariantCulture, $" {d * 100:F0}%"); if (d == 1) allZero++; }
            line.Append(CultureInfo.InvariantCulture, $" ({allZero} of {dead.Length} {(model.Layers[i].OutputShape.IsFlat ? "units" : "maps")} all zero)");
            log?.Invoke(line.ToString());
        }
    }

    private static void Phase(TrainingSession session, string? argument, Action<string>? log)
    {
        var phases = session.Phases;
        bool toEnd = argument is not null && argument.Equals("end", StringComparison.OrdinalIgnoreCase);
        int count = argument is null || toEnd ? 1 : int.Parse(argument, CultureInfo.InvariantCulture);
        if (toEnd && !phases.InProgress) { log?.Invoke("no step in progress: 'phase' starts one"); return; }
        for (int k = 0; toEnd ? phases.InProgress : k < count; k++)
        {
            int index = session.AdvancePhase();
            if (index < 0)
            {
                log?.Invoke(session.IsDiverged ? session.DivergenceMessage! : "the run is finished: no more steps (epochs N raises the target)");
                return;
            }
            log?.Invoke($"phase {index + 1}/{phases.Count} {phases.Title(index)}: {phases.Formula(index)} | {Measure(session, phases[index])}");
            if (session.IsDiverged) { log?.Invoke(session.DivergenceMessage!); return; }
            if (phases[index].Kind == PhaseKind.Update)
                log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"step {session.StepCount} done in phases: loss {phases.Loss:F4}"));
        }
    }

    /// <summary>What the phase just computed, in numbers: the output's range, the loss, or the gradients' norms.</summary>
    private static string Measure(TrainingSession session, Phase phase)
    {
        var c = CultureInfo.InvariantCulture;
        var model = session.Model;
        switch (phase.Kind)
        {
            case PhaseKind.Forward:
                var y = model.Layers[phase.Layer].Output;
                return string.Create(c, $"Y {y.Count}×{y.Shape}, min {TensorPrimitives.Min(y.Span):G3}, max {TensorPrimitives.Max(y.Span):G3}");
            case PhaseKind.Loss:
                return string.Create(c, $"L = {session.Phases.Loss:F4}, ‖dL/dz‖ {TensorPrimitives.Norm(model.Loss.LogitsGrad.Span):0.00e0}");
            case PhaseKind.Backward:
                var layer = model.Layers[phase.Layer];
                var parts = layer.Parameters.Select(p => string.Create(c, $"‖d{p.Name.Split('.')[^1]}‖ {TensorPrimitives.Norm(p.Grad):0.00e0}")).ToList();
                if (layer.NeedsInputGrad) parts.Add(string.Create(c, $"‖dX‖ {TensorPrimitives.Norm(layer.InputGrad.Span):0.00e0}"));
                return string.Join(", ", parts);
            default:
                var updates = session.Updates;
                if (!session.TrackUpdates) return "‖ΔW‖/‖W‖: 'changes' records it";
                return string.Join(", ", updates.Layers.Select((l, slot) =>
                    string.Create(c, $"{model.Layers[l].Name} ‖ΔW‖/‖W‖ {(updates.Ratios(slot).IsEmpty ? 0 : updates.Ratios(slot)[^1]):0.0e0}")));
        }
    }
}
