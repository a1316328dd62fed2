using CnnViz.Core;
using CnnViz.Core.Data;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Evaluation;

/// <summary>
/// Held-out accuracy that moves with every step, not only at epoch ends: a fixed subset of the held-out
/// images (the first <c>subset</c>) is scored a slice at a time with the current weights, and each image
/// keeps its latest result; the accuracy is the share of the subset whose latest prediction is right.
/// Each <see cref="Advance"/> also re-scores a strip of images (one per class, <see cref="StripIndices"/>)
/// and keeps their top 3 classes. It runs its own model copy: training never sees it.
/// <para>Cost per Advance for LeNet-5: (strip + slice) forward passes, ≈ 60 × 0.83 MFLOP, about a millisecond.</para>
/// </summary>
public sealed class HeldOutMonitor
{
    public const int Top = 3;

    private readonly Dataset _set;
    private readonly Sequential _model;
    private readonly Parameter[] _parameters;
    private readonly Batch _x;
    private readonly int[] _labels, _indices;
    private readonly int[] _strip;                     // held-out indices shown in the strip
    private readonly int[] _subsetPrediction;          // (subset) latest prediction, −1 before the first
    private readonly int[] _topClasses;                // (strip, Top)
    private readonly float[] _topProbabilities;        // (strip, Top)
    private readonly int[] _mistakes;                  // subset positions whose latest prediction is wrong
    private readonly int _slice;
    private int _next, _scored, _correct, _mistakeCount;

    /// <param name="model">A fresh, unbuilt instance of the trained architecture.</param>
    /// <param name="heldOut">Images never trained on (the test set).</param>
    /// <param name="strip">Held-out indices for the strip (e.g. the probe set: one per class).</param>
    internal HeldOutMonitor(Sequential model, Dataset heldOut, ReadOnlySpan<int> strip, int subset = 500, int slice = 50)
    {
        _set = heldOut;
        Subset = Math.Min(subset, heldOut.Count);
        _slice = Math.Min(slice, Subset);
        _strip = [.. strip.ToArray().Where(i => i >= 0)];
        int batch = _strip.Length + _slice;
        _model = model.Build(batch, new Rng(1), new SGD());
        _parameters = [.. _model.Parameters];
        _x = new Batch(_model.InputShape, batch);
        _labels = new int[batch];
        _indices = new int[batch];
        _subsetPrediction = new int[Subset];
        _topClasses = new int[_strip.Length * Top];
        _topProbabilities = new float[_strip.Length * Top];
        _mistakes = new int[Subset];
        Clear();
    }

    /// <summary>How many held-out images the accuracy covers (the first of the set).</summary>
    public int Subset { get; }

    /// <summary>Images of the subset scored at least once since <see cref="Clear"/>.</summary>
    public int Scored => _scored;

    /// <summary>Share of the scored subset whose latest prediction is right (0 before any).</summary>
    public double Accuracy => _scored == 0 ? 0 : (double)_correct / _scored;

    /// <summary>The step whose weights made the latest results.</summary>
    public long Step { get; private set; } = -1;

    /// <summary>Bumps on each Advance.</summary>
    public long Version { get; private set; }

    /// <summary>Held-out indices of the strip's images.</summary>
    public ReadOnlySpan<int> StripIndices => _strip;

    /// <summary>Image s of the strip: its 3 most probable classes and their probabilities, largest first.</summary>
    public ReadOnlySpan<int> TopClasses(int s) => _topClasses.AsSpan(s * Top, Top);
    public ReadOnlySpan<float> TopProbabilities(int s) => _topProbabilities.AsSpan(s * Top, Top);

    /// <summary>Held-out indices (into the test set) of subset images whose latest prediction is wrong, in index order.</summary>
    public ReadOnlySpan<int> Mistakes => _mistakes.AsSpan(0, _mistakeCount);

    /// <summary>The latest prediction for held-out image <paramref name="index"/> of the subset (−1: not scored yet).</summary>
    public int Prediction(int index) => _subsetPrediction[index];

    public Dataset Set => _set;

    /// <summary>Forgets every result (a reset or a load changed the weights wholesale).</summary>
    internal void Clear()
    {
        Array.Fill(_subsetPrediction, -1);
        Array.Clear(_topClasses); Array.Clear(_topProbabilities);
        _next = _scored = _correct = _mistakeCount = 0;
        Step = -1;
        Version++;
    }

    /// <summary>
    /// Copies <paramref name="weights"/> (the training model's parameters, in model order) and scores the strip
    /// and the next slice of the subset with them. Allocates nothing.
    /// </summary>
    internal void Advance(IReadOnlyList<Parameter> weights, long step)
    {
        for (int i = 0; i < _parameters.Length; i++) weights[i].Value.CopyTo(_parameters[i].Value, 0);
        int n = 0;
        for (int s = 0; s < _strip.Length; s++) _indices[n++] = _strip[s];
        int first = _next;
        for (int k = 0; k < _slice; k++) _indices[n++] = (first + k) % Subset;
        _next = (first + _slice) % Subset;
        _set.FillBatch(_indices.AsSpan(0, n), _x, _labels);
        Batch p = _model.Loss.Softmax(_model.Forward(_x));
        for (int s = 0; s < _strip.Length; s++) TopThree(p.Sample(s), s);
        for (int k = 0; k < _slice; k++)
        {
            int at = _indices[_strip.Length + k];
            int predicted = ClassScores.ArgMax(p.Sample(_strip.Length + k));
            int before = _subsetPrediction[at];
            if (before < 0) _scored++;
            else if (before == _set.Labels[at]) _correct--;
            if (predicted == _set.Labels[at]) _correct++;
            _subsetPrediction[at] = predicted;
        }
        _mistakeCount = 0;
        for (int i = 0; i < Subset; i++)
            if (_subsetPrediction[i] >= 0 && _subsetPrediction[i] != _set.Labels[i]) _mistakes[_mistakeCount++] = i;
        Step = step;
        Version++;
    }

    /// <summary>Scores the whole subset (and the strip) with <paramref name="weights"/>: every result is then of <paramref name="step"/>.</summary>
    internal void AdvanceAll(IReadOnlyList<Parameter> weights, long step)
    {
        _next = 0;
        for (int k = 0; k < (Subset + _slice - 1) / _slice; k++) Advance(weights, step);
    }

    private void TopThree(ReadOnlySpan<float> p, int s)
    {
        Span<int> classes = _topClasses.AsSpan(s * Top, Top);
        Span<float> probs = _topProbabilities.AsSpan(s * Top, Top);
        probs.Fill(-1);
        for (int k = 0; k < p.Length; k++)
        {
            int at = Top;
            while (at > 0 && p[k] > probs[at - 1]) at--;   // strictly greater: the lower class wins ties, as ArgMax
            if (at == Top) continue;
            for (int m = Top - 1; m > at; m--) { probs[m] = probs[m - 1]; classes[m] = classes[m - 1]; }
            probs[at] = p[k];
            classes[at] = k;
        }
    }
}
