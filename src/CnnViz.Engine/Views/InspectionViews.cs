using CnnViz.Core.Checking;
using CnnViz.Core.Models;
using CnnViz.Engine.Inspection;

namespace CnnViz.Engine.Views;

/// <summary>
/// What a renderer may read of the backpropagation tools (read-only, like the rest of <see cref="SessionViews"/>):
/// the phase of a step run in phases and its formula, what the last update changed (ΔW, W − W₀, ‖ΔW‖/‖W‖),
/// dead-ReLU fractions, the knocked-out kernel and the last gradient check.
/// </summary>
public sealed class InspectionViews
{
    private readonly TrainingSession _session;

    internal InspectionViews(TrainingSession session) => _session = session;

    private StepPhases Phases => _session.Phases;

    /// <summary>True while a step is half done in phases (plain training finishes it first).</summary>
    public bool PhaseInProgress => Phases.InProgress;

    /// <summary>Phases of the current step already run (0..<see cref="PhaseCount"/>); 0 after a plain step.</summary>
    public int PhasesDone => Phases.Done;

    /// <summary>2L + 2 for L layers.</summary>
    public int PhaseCount => Phases.Count;

    /// <summary>The phase that ran last ("backward conv2"), or null when the last step was not run in phases.</summary>
    public Phase? LastPhase => Phases.Last;

    /// <summary>"backward conv2", or null.</summary>
    public string? PhaseTitle => Phases.Done == 0 ? null : Phases.Title(Phases.Done - 1);

    /// <summary>Its formula, e.g. "dW = Σₙ dY · patchᵀ, db = Σₙ,ᵢ,ⱼ dY, dX = col2im(Wᵀ · dY)", or null.</summary>
    public string? PhaseFormula => Phases.Done == 0 ? null : Phases.Formula(Phases.Done - 1);

    /// <summary>The phase the next "phase" runs, or null when no step is in progress.</summary>
    public string? NextPhaseTitle => Phases.InProgress ? Phases.Title(Phases.Done) : null;

    /// <summary>The model index of the layer the last phase ran (forward or backward), or −1.</summary>
    public int ActiveLayer => Phases.Last is { Layer: >= 0 } phase ? phase.Layer : -1;

    /// <summary>True when the last phase was a backward one (show dL/dX, dL/dW); false for forward (show outputs).</summary>
    public bool ActiveIsBackward => Phases.Last is { Kind: PhaseKind.Backward };

    /// <summary>ΔW, W − W₀ and ‖ΔW‖/‖W‖ per layer with weights.</summary>
    public UpdateTracker Updates => _session.Updates;

    /// <summary>True while steps record ΔW and the ratios ("changes" turns it on).</summary>
    public bool TracksUpdates => _session.TrackUpdates;

    /// <summary>Fraction of zeros per feature map of ReLU layer <paramref name="layer"/> over the last batch, (C); empty for other layers.</summary>
    public ReadOnlySpan<float> DeadFractions(int layer) => _session.DeadRelus.Fractions(layer, _session.Version);

    /// <summary>The model index of the layer with a knocked-out kernel, or −1.</summary>
    public int KnockoutLayer => _session.ActiveKnockout is { } k ? IndexOf(k.Layer.Name) : -1;

    /// <summary>The knocked-out kernel, or −1.</summary>
    public int KnockoutKernel => _session.ActiveKnockout?.Kernel ?? -1;

    /// <summary>The knockout in effect with the held-out accuracy before and after, or null.</summary>
    public KnockoutResult? Knockout => _session.LastKnockout;

    /// <summary>The step whose batch the last gradcheck used (its result is stale once training moved on).</summary>
    public long GradientCheckStep => _session.LastGradientCheckStep;

    /// <summary>The last gradcheck's result (its <see cref="GradientCheckReport.Lines"/> are what headless prints), or null.</summary>
    public GradientCheckReport? GradientCheck => _session.LastGradientCheck;

    private int IndexOf(string name)
    {
        var layers = _session.Model.Layers;
        for (int i = 0; i < layers.Count; i++) if (layers[i].Name == name) return i;
        return -1;
    }
}
