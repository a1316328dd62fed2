using System.Numerics.Tensors;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;

namespace CnnViz.Engine.Inspection;

/// <summary>
/// What the optimizer's updates did to each layer's weights W (conv (M, C, FH, FW), dense (I, O)):
/// <list type="bullet">
/// <item><see cref="Delta"/> ΔW = W_t − W_{t−1}, the last step's change;</item>
/// <item><see cref="Drift"/> W − W₀, the change since the weights were initialized (or loaded): the way to
/// see kernels sharpen;</item>
/// <item><see cref="Ratios"/> ‖ΔW‖₂ / ‖W‖₂ per step, the usual health signal (near 1e-3; far above: the rate
/// is too high, far below: the layer barely learns).</item>
/// </list>
/// Every copy is allocated once, when the model is installed. While <see cref="Enabled"/> is false (the
/// default) a step costs nothing here; when on, one copy of W before the update and one subtraction and two
/// norms after it (≈ 4 passes over 62k floats for LeNet-5, tens of µs against a step of milliseconds).
/// </summary>
public sealed class UpdateTracker
{
    /// <summary>Points of ratio history kept per layer (the sparkline's width).</summary>
    public const int HistoryLength = 600;

    private readonly Parameter[] _weights;
    private readonly float[][] _initial, _previous, _delta, _drift, _ratios;
    private readonly int[] _ratioCount;
    private long _driftVersion = -1, _version;

    /// <summary>Tracks every layer of <paramref name="model"/> that has weights; W₀ is its weights now.</summary>
    public UpdateTracker(Sequential model)
    {
        Layers = [.. Enumerable.Range(0, model.Layers.Count).Where(i => model.Layers[i].Parameters.Count > 0)];
        _weights = [.. Layers.Select(i => model.Layers[i].Parameters[0])];
        _initial = [.. _weights.Select(w => w.Value.ToArray())];
        _previous = [.. _weights.Select(w => new float[w.Length])];
        _delta = [.. _weights.Select(w => new float[w.Length])];
        _drift = [.. _weights.Select(w => new float[w.Length])];
        _ratios = [.. _weights.Select(_ => new float[HistoryLength])];
        _ratioCount = new int[_weights.Length];
    }

    /// <summary>Model indices of the tracked layers (those with weights), in order.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>Off: steps copy nothing and ΔW and the ratios stop (W − W₀ is always available).</summary>
    public bool Enabled { get; set; }

    /// <summary>The step whose update <see cref="Delta"/> shows; 0 before the first tracked step.</summary>
    public long DeltaStep { get; private set; }

    /// <summary>Position of model layer <paramref name="layer"/> among the tracked ones, or −1.</summary>
    public int Slot(int layer)
    {
        for (int i = 0; i < Layers.Count; i++) if (Layers[i] == layer) return i;
        return -1;
    }

    /// <summary>ΔW = W_t − W_{t−1} of tracked layer <paramref name="slot"/> (zeros before the first tracked step).</summary>
    public ReadOnlySpan<float> Delta(int slot) => _delta[slot];

    /// <summary>W − W₀ of tracked layer <paramref name="slot"/>, computed when first read after a change.</summary>
    public ReadOnlySpan<float> Drift(int slot)
    {
        if (_driftVersion != _version)
        {
            for (int i = 0; i < _weights.Length; i++) TensorPrimitives.Subtract(_weights[i].Value, _initial[i], _drift[i]);
            _driftVersion = _version;
        }
        return _drift[slot];
    }

    /// <summary>‖ΔW‖/‖W‖ of the last tracked steps (at most <see cref="HistoryLength"/>), oldest first.</summary>
    public ReadOnlySpan<float> Ratios(int slot) => _ratios[slot].AsSpan(0, _ratioCount[slot]);

    /// <summary>Call just before the optimizer updates: keeps W_{t−1}.</summary>
    internal void BeforeUpdate()
    {
        if (!Enabled) return;
        for (int i = 0; i < _weights.Length; i++) _weights[i].Value.CopyTo(_previous[i], 0);
    }

    /// <summary>Call just after the update of step <paramref name="step"/>: ΔW and its ratio.</summary>
    internal void AfterUpdate(long step)
    {
        _version++;   // W changed: W − W₀ is stale
        if (!Enabled) return;
        for (int i = 0; i < _weights.Length; i++)
        {
            float[] w = _weights[i].Value;
            TensorPrimitives.Subtract(w, _previous[i], _delta[i]);
            float norm = TensorPrimitives.Norm(w);
            Append(i, norm == 0 ? 0 : TensorPrimitives.Norm(_delta[i]) / norm);
        }
        DeltaStep = step;
    }

    /// <summary>The weights changed outside training (a knockout or its restore): W − W₀ must be recomputed.</summary>
    internal void WeightsChanged() => _version++;

    private void Append(int slot, float ratio)
    {
        float[] history = _ratios[slot];
        if (_ratioCount[slot] == history.Length) Array.Copy(history, 1, history, 0, history.Length - 1);
        else _ratioCount[slot]++;
        history[_ratioCount[slot] - 1] = ratio;
    }
}
