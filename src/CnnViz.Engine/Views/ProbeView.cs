namespace CnnViz.Engine.Views;

/// <summary>
/// One image run through a frozen copy of the current weights (draw mode): every layer's
/// maps for it and its class probabilities. Training state is untouched.
/// </summary>
public sealed class ProbeView
{
    private readonly float[] _probabilities;

    internal ProbeView(IReadOnlyList<LayerView> layers, int classes)
    {
        Layers = layers;
        _probabilities = new float[classes];
    }

    /// <summary>Every layer of the probe model, in order, for the probed image (no gradients).</summary>
    public IReadOnlyList<LayerView> Layers { get; }

    /// <summary>softmax of the logits, (K).</summary>
    public ReadOnlySpan<float> Probabilities => _probabilities;

    /// <summary>The most probable class.</summary>
    public int Prediction { get; private set; }

    /// <summary>Its probability, 0..1.</summary>
    public float Confidence => _probabilities[Prediction];

    /// <summary>Bumps on every Predict.</summary>
    public long Version { get; private set; }

    /// <summary>The training step whose weights made this prediction.</summary>
    public long Step { get; private set; }

    internal Span<float> WritableProbabilities => _probabilities;

    internal void Update(int prediction, long step)
    {
        Prediction = prediction;
        Step = step;
        Version++;
    }
}
