using System.Globalization;
using CnnViz.Core;
using CnnViz.Core.Checking;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Engine.Evaluation;
using CnnViz.Engine.Inspection;
using CnnViz.Engine.Metrics;
using CnnViz.Engine.Views;

namespace CnnViz.Engine;

// Watching backpropagation: a step in phases, a live gradient check, what the updates changed, kernel knockout.
public sealed partial class TrainingSession
{
    private StepPhases _phases = null!;
    private UpdateTracker _updates = null!;
    private DeadRelus _deadRelus = null!;
    private Knockout? _knockout;
    private Sequential? _checkModel;          // gradcheck's copy of the model, built on first use
    private Parameter[] _checkParameters = [];

    internal StepPhases Phases => _phases;
    internal UpdateTracker Updates => _updates;
    internal DeadRelus DeadRelus => _deadRelus;
    internal Knockout? ActiveKnockout => _knockout;

    /// <summary>The last <see cref="GradientCheck"/>'s result, or null.</summary>
    public GradientCheckReport? LastGradientCheck { get; private set; }

    /// <summary>The step whose batch and weights <see cref="LastGradientCheck"/> checked.</summary>
    public long LastGradientCheckStep { get; private set; }

    /// <summary>The knockout in effect and what it did to the held-out accuracy, or null.</summary>
    public KnockoutResult? LastKnockout => _knockout is null ? null : _knockoutResult;
    private KnockoutResult? _knockoutResult;

    /// <summary>Bumps whenever the weights change: a step, a knockout, a restore, a reset, a load (predictions must be redone).</summary>
    public long WeightsVersion => StepCount + _weightEdits * (1L << 40);
    private long _weightEdits;

    /// <summary>Off by default: while on, every step keeps ΔW and ‖ΔW‖/‖W‖ (see <see cref="UpdateTracker"/>).</summary>
    public bool TrackUpdates
    {
        get => _updates.Enabled;
        set { _updates.Enabled = value; _trackUpdates = value; Version++; }
    }
    private bool _trackUpdates;   // survives a reset or load (which install a new tracker)

    private void InstallInspection(Sequential model)
    {
        _phases = new StepPhases(model);
        _updates = new UpdateTracker(model) { Enabled = _trackUpdates };
        _deadRelus = new DeadRelus(model);
        _knockout = null;
        LastGradientCheck = null;
        _weightEdits++;
    }

    // ---- phases ------------------------------------------------------------------------------------

    /// <summary>
    /// Runs the next phase of the current step (starting a step on the next mini-batch when none is in
    /// progress); after the update phase the step is recorded exactly as <see cref="Step()"/> records one
    /// (the weights are bit for bit the same), except that its wall time does not count in the throughput.
    /// Returns the index of the phase that ran, or −1 when the run is finished or diverged.
    /// </summary>
    public int AdvancePhase()
    {
        if (IsFinished || IsDiverged) return -1;
        if (_knockout is not null) RestoreKnockout();
        if (!_phases.InProgress)
        {
            LoadNextBatch();
            _phases.Begin(_input, _labels);
        }
        Phase next = _phases[_phases.Done];
        if (next.Kind == PhaseKind.Update) _updates.BeforeUpdate();
        int index = _phases.Advance();
        Version++;
        if (next.Kind == PhaseKind.Loss && !CheckLoss(_phases.Loss))
        {
            _phases.Cancel();
            return index;
        }
        if (next.Kind == PhaseKind.Update)
        {
            _updates.AfterUpdate(StepCount);
            EndStep(_phases.Loss, _input.Count);
        }
        return index;
    }

    /// <summary>Runs the rest of a step begun in phases ("phase end"); false when it stopped (divergence).</summary>
    public bool FinishPhases()
    {
        while (_phases.InProgress) AdvancePhase();
        return !IsDiverged;
    }

    // ---- gradient check ----------------------------------------------------------------------------

    /// <summary>
    /// Checks layer <paramref name="layerName"/> (default: the focused layer, else the phase's layer, else
    /// the first with weights) numerically on the current batch and the current weights, in a separate copy of
    /// the model: the training model, its buffers on screen and the RNG are left as they were.
    /// </summary>
    /// <exception cref="ArgumentException">No such layer, or no batch yet; the message says what to do.</exception>
    public GradientCheckReport GradientCheck(string? layerName = null)
    {
        if (StepCount == 0 && !_phases.InProgress)
            throw new ArgumentException("there is no batch yet: train a step (step 1) or a phase (phase) first.");
        string? name = layerName ?? FocusedLayer;
        int layer = name is null ? DefaultCheckLayer() : IndexOf(name);
        if (_checkModel is null)
        {
            _checkModel = Config.Model.Create().Build(Config.BatchSize, new Rng(1), new SGD());
            foreach (var l in _checkModel.Layers) l.NeedsInputGrad = true;   // check dX of every layer, conv1's too
            _checkParameters = [.. _checkModel.Parameters];
        }
        for (int i = 0; i < _parameters.Length; i++) _parameters[i].Value.CopyTo(_checkParameters[i].Value, 0);
        _checkModel.ForwardLoss(_input, _labels.AsSpan(0, _input.Count));
        _checkModel.Backward();
        LastGradientCheck = LayerGradientCheck.Run(_checkModel, layer);
        LastGradientCheckStep = StepCount;
        Version++;
        return LastGradientCheck;
    }

    private int DefaultCheckLayer()
    {
        if (_phases.Last is { Layer: >= 0 } phase) return phase.Layer;
        for (int i = 0; i < _model.Layers.Count; i++) if (_model.Layers[i].Parameters.Count > 0) return i;
        return 0;
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < _model.Layers.Count; i++) if (_model.Layers[i].Name == name) return i;
        throw new ArgumentException($"no layer named '{name}'; layers: {string.Join(", ", _model.Layers.Select(l => l.Name))}.");
    }

    // ---- knockout ----------------------------------------------------------------------------------

    /// <summary>
    /// Zeros kernel <paramref name="kernel"/> of <paramref name="layerName"/> and its bias (a previous knockout is
    /// restored first), runs the current batch forward again so every view shows the result, and measures the
    /// held-out accuracy (validation set, else test set) with and without the kernel. Training restores it.
    /// </summary>
    /// <exception cref="ArgumentException">No such layer, a layer without kernels, K out of range, or a step in phases.</exception>
    public KnockoutResult Knockout(string layerName, int kernel)
    {
        if (_phases.InProgress) throw new ArgumentException("a step is in progress in phases: finish it first (phase end).");
        if (_knockout is not null) RestoreKnockout();
        var layer = _model.Layers[IndexOf(layerName)];
        var before = EvaluateHeldOut();
        _knockout = Inspection.Knockout.Apply(layer, kernel);
        WeightsEdited();
        var after = EvaluateHeldOut();
        return _knockoutResult = new KnockoutResult(layerName, kernel, before, after);
    }

    /// <summary>Puts a knocked-out kernel back (bit for bit) and reruns the batch forward; false when none was out.</summary>
    public bool RestoreKnockout()
    {
        if (_knockout is null) return false;
        _knockout.Restore();
        _knockout = null;
        WeightsEdited();
        return true;
    }

    /// <summary>Why the state cannot be saved now (a step half done in phases, a kernel knocked out), or null.</summary>
    private string? UnsavableReason() =>
        _phases.InProgress ? "a step is in progress in phases; finish it first (phase end)"
        : _knockout is not null ? $"{_knockout} is knocked out; put it back first (restore)"
        : null;

    private void WeightsEdited()
    {
        _weightEdits++;
        _updates.WeightsChanged();
        if (StepCount > 0 && !_phases.InProgress) _model.ForwardLoss(_input, _labels.AsSpan(0, _input.Count));   // maps and probabilities follow
        Version++;
    }

    /// <summary>The whole validation set (else the test set), scored now with the current weights; metrics are not touched.</summary>
    private EvaluationPoint EvaluateHeldOut()
    {
        FinishEvaluations();
        _evaluator.Snapshot(_parameters);
        var set = Data.Validation ?? Data.Test;
        _evaluator.Enqueue(set, Data.Validation is null ? EvaluationSet.Test : EvaluationSet.Validation, StepCount, Epoch);
        EvaluationPoint result = default;
        _evaluator.Advance(int.MaxValue, (_, point) => result = point);
        return result;
    }
}

/// <summary>What a knockout did to the held-out accuracy.</summary>
public sealed record KnockoutResult(string Layer, int Kernel, EvaluationPoint Before, EvaluationPoint After)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"knocked out {Layer} kernel {Kernel}: held-out accuracy {Before.Accuracy:P1} → {After.Accuracy:P1} ({After.Images:N0} images); 'restore' puts it back");
}
