using CnnViz.Core.Layers;
using CnnViz.Core.Models;

namespace CnnViz.Engine.Inspection;

/// <summary>
/// "Dead ReLU" fractions over the last batch: for each feature map c of a ReLU layer (each unit of a
/// dense one), the fraction of its outputs that are exactly 0, over every sample n and position (i, j):
/// <c>dead[c] = #{ y[n,c,i,j] = 0 } / (N·H·W)</c>. A map near 1 passes no gradient back (dX = dY ⊙ [X &gt; 0]).
/// Computed when read after a new forward pass (never during a step), into buffers allocated once.
/// </summary>
public sealed class DeadRelus
{
    private readonly Sequential _model;
    private readonly float[]?[] _fractions;
    private readonly long[] _computedAt;

    public DeadRelus(Sequential model)
    {
        _model = model;
        _fractions = [.. model.Layers.Select(l => l is ReLU ? new float[l.OutputShape.C] : null)];
        _computedAt = [.. model.Layers.Select(_ => -1L)];
    }

    /// <summary>True when model layer <paramref name="layer"/> is a ReLU.</summary>
    public bool Has(int layer) => _fractions[layer] is not null;

    /// <summary>
    /// The fraction of zeros per channel of ReLU layer <paramref name="layer"/>, (C), for the batch of
    /// session version <paramref name="version"/> (recomputed only when the version moved). Empty for other layers.
    /// </summary>
    public ReadOnlySpan<float> Fractions(int layer, long version)
    {
        float[]? fractions = _fractions[layer];
        if (fractions is null) return default;
        if (_computedAt[layer] != version)
        {
            Compute(_model.Layers[layer], fractions);
            _computedAt[layer] = version;
        }
        return fractions;
    }

    /// <summary>dead[c] = zeros of channel c over every sample and position / (N·H·W).</summary>
    public static void Compute(Layer relu, Span<float> dead)
    {
        var y = relu.Output;
        int channels = relu.OutputShape.C, map = relu.OutputShape.H * relu.OutputShape.W;
        for (int c = 0; c < channels; c++)
        {
            int zeros = 0;
            for (int n = 0; n < y.Count; n++)
                foreach (float v in y.Map(n, c)) if (v == 0) zeros++;
            dead[c] = y.Count == 0 ? 0 : (float)zeros / (y.Count * map);
        }
    }
}
