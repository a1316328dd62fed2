using CnnViz.Core.Tensors;

namespace CnnViz.Core.Models;

/// <summary>What one phase of a training step does.</summary>
public enum PhaseKind { Forward, Loss, Backward, Update }

/// <summary>One phase: its kind and, for forward and backward, the layer it runs (−1 for loss and update).</summary>
public readonly record struct Phase(PhaseKind Kind, int Layer);

/// <summary>
/// One training step of a <see cref="Sequential"/> model split into phases that can be run one at a time,
/// so a learner can watch backpropagation layer by layer. For L layers there are 2L + 2 phases:
/// <code>
/// forward layer 0 … forward layer L−1 → loss (L and dL/dz) → backward layer L−1 … backward layer 0 → update
/// </code>
/// Each phase makes exactly the calls that <see cref="Sequential.ForwardLoss"/>, <see cref="Sequential.Backward"/>
/// and <see cref="Sequential.Update"/> make, in the same order on the same buffers, so running every phase
/// gives bit for bit the weights of a plain step. Nothing is allocated per phase: titles and formulas are
/// built once, here.
/// </summary>
public sealed class StepPhases
{
    private readonly Sequential _model;
    private readonly Phase[] _phases;
    private readonly string[] _titles, _formulas;
    private Batch? _x;
    private int[] _labels = [];

    /// <summary>The phases of a step of <paramref name="model"/> (built).</summary>
    public StepPhases(Sequential model)
    {
        if (!model.IsBuilt) throw new InvalidOperationException("Build the model before splitting its step into phases.");
        _model = model;
        int layers = model.Layers.Count;
        _phases = new Phase[2 * layers + 2];
        for (int i = 0; i < layers; i++)
        {
            _phases[i] = new Phase(PhaseKind.Forward, i);
            _phases[layers + 1 + i] = new Phase(PhaseKind.Backward, layers - 1 - i);
        }
        _phases[layers] = new Phase(PhaseKind.Loss, -1);
        _phases[^1] = new Phase(PhaseKind.Update, -1);
        _titles = [.. _phases.Select(p => PhaseFormulas.Title(model, p))];
        _formulas = [.. _phases.Select(p => PhaseFormulas.Formula(model, p))];
    }

    /// <summary>2L + 2 for L layers.</summary>
    public int Count => _phases.Length;

    /// <summary>The phase at position <paramref name="index"/> (0..Count−1).</summary>
    public Phase this[int index] => _phases[index];

    /// <summary>"forward conv1", "loss", "backward fc3", "update (adam)".</summary>
    public string Title(int index) => _titles[index];

    /// <summary>What the phase computes, e.g. "dW = Σₙ dY · patchᵀ, db = Σₙ,ᵢ,ⱼ dY, dX = col2im(Wᵀ · dY)".</summary>
    public string Formula(int index) => _formulas[index];

    /// <summary>How many phases of the current step have run (0: none, or no step begun).</summary>
    public int Done { get; private set; }

    /// <summary>True between <see cref="Begin"/> and the update phase.</summary>
    public bool InProgress { get; private set; }

    /// <summary>The phase that ran last, or null before the first.</summary>
    public Phase? Last => Done == 0 ? null : _phases[Done - 1];

    /// <summary>The loss of the current step, once the loss phase has run (NaN before).</summary>
    public float Loss { get; private set; } = float.NaN;

    /// <summary>
    /// Starts a step on images <paramref name="x"/> (N, C, H, W) with <paramref name="labels"/> (the first N are used;
    /// the array is read again in the loss phase, so do not change it before then).
    /// </summary>
    /// <exception cref="ShapeException">X does not have the model's input shape.</exception>
    /// <exception cref="ArgumentException">X holds NaN or infinity, or there are fewer labels than samples.</exception>
    public void Begin(Batch x, int[] labels)
    {
        _model.CheckInput(x);
        if (labels.Length < x.Count)
            throw new ArgumentException($"{labels.Length} labels for a batch of {x.Count} samples; give one label per sample.", nameof(labels));
        (_x, _labels) = (x, labels);
        Done = 0;
        Loss = float.NaN;
        InProgress = true;
    }

    /// <summary>Forgets a step in progress (a reset or load replaced what it was working on).</summary>
    public void Cancel()
    {
        InProgress = false;
        Done = 0;
        _x = null;
    }

    /// <summary>Runs the next phase and returns its index; after the update phase the step is over.</summary>
    /// <exception cref="InvalidOperationException">No step is in progress.</exception>
    public int Advance()
    {
        if (!InProgress) throw new InvalidOperationException("No step in progress: call Begin first.");
        int index = Done;
        var layers = _model.Layers;
        Phase phase = _phases[index];
        switch (phase.Kind)
        {
            case PhaseKind.Forward:
                layers[phase.Layer].Forward(phase.Layer == 0 ? _x! : layers[phase.Layer - 1].Output);
                break;
            case PhaseKind.Loss:
                Loss = _model.Loss.Forward(layers[^1].Output, _labels.AsSpan(0, _x!.Count));
                _model.Loss.Backward();
                break;
            case PhaseKind.Backward:
                layers[phase.Layer].Backward(phase.Layer == layers.Count - 1 ? _model.Loss.LogitsGrad : layers[phase.Layer + 1].InputGrad);
                break;
            case PhaseKind.Update:
                _model.Update();
                InProgress = false;
                _x = null;
                break;
        }
        Done = index + 1;
        return index;
    }
}
