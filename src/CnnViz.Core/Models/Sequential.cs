using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;
using CnnViz.Core.Layers;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Models;

/// <summary>
/// A stack of named layers ending in K logits, trained with softmax cross-entropy.
/// <code>
/// var model = new Sequential(new SampleShape(1, 28, 28), new Conv2d(6, 5, pad: 2), new ReLU(), …, new Dense(10));
/// model.Build(maxBatch: 64, new Rng(seed), new Adam());
/// float loss = model.ForwardLoss(x, labels);   // forward through every layer and the loss
/// model.Backward();                            // gradients of every parameter
/// model.Update();                              // one optimizer step
/// </code>
/// </summary>
public sealed class Sequential
{
    private readonly Layer[] _layers;
    private ChunkPipeline? _leadingPerSample;   // layers 0..k−1 when they are all per-sample (k ≥ 2): run chunk by chunk

    public Sequential(SampleShape inputShape, params Layer[] layers)
    {
        if (layers.Length == 0) throw new ArgumentException("A model needs at least one layer.", nameof(layers));
        InputShape = inputShape;
        _layers = layers;
        NameLayers();
    }

    public SampleShape InputShape { get; }
    public IReadOnlyList<Layer> Layers => _layers;
    public bool IsBuilt { get; private set; }
    public int MaxBatch { get; private set; }

    /// <summary>The optimizer used by every layer that was not given its own.</summary>
    public Optimizer Optimizer { get; private set; } = null!;

    /// <summary>Softmax cross-entropy over the last layer's outputs; created by <see cref="Build"/>.</summary>
    public SoftmaxCrossEntropy Loss { get; private set; } = null!;

    /// <summary>Number of classes K (the last layer's output size).</summary>
    public int Classes => Loss.Classes;

    /// <summary>The layer with this name.</summary>
    public Layer this[string name] => _layers.FirstOrDefault(l => l.Name == name)
        ?? throw new KeyNotFoundException($"No layer named '{name}'. Layers: {string.Join(", ", _layers.Select(l => l.Name))}.");

    /// <summary>Every trainable parameter, layer by layer, in a fixed order (checkpoints rely on it).</summary>
    public IEnumerable<Parameter> Parameters => _layers.SelectMany(l => l.Parameters);

    public int ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>
    /// Checks that each layer fits the previous one's output, allocates every buffer for batches of
    /// up to <paramref name="maxBatch"/>, initializes weights from <paramref name="rng"/> in layer order.
    /// </summary>
    /// <exception cref="ShapeException">Names the first layer that cannot take its input, e.g. "conv2: a 5×5 kernel does not fit a 6×4×4 input".</exception>
    public Sequential Build(int maxBatch, Rng rng, Optimizer optimizer)
    {
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "Batch size must be at least 1.");
        SampleShape shape = InputShape;
        foreach (var layer in _layers)
        {
            layer.Build(shape, maxBatch, rng);
            shape = layer.OutputShape;
        }
        if (!shape.IsFlat)
            throw new ShapeException($"{_layers[^1].Name}: the last layer must output flat class scores (K×1×1), got {shape}; end the model with Flatten and Dense.");
        _layers[0].NeedsInputGrad = false;
        int perSample = 0;
        while (perSample < _layers.Length && _layers[perSample].ChunksArePerSample) perSample++;
        _leadingPerSample = perSample >= 2 ? new ChunkPipeline(_layers[..perSample]) : null;
        Optimizer = optimizer;
        foreach (var layer in _layers) layer.Optimizer ??= optimizer;
        Loss = new SoftmaxCrossEntropy(shape.C, maxBatch);
        MaxBatch = maxBatch;
        IsBuilt = true;
        return this;
    }

    /// <summary>
    /// Runs X (N, C, H, W) through every layer; returns the logits (N, K). The leading per-sample layers
    /// (conv, ReLU, pooling, flatten) run chunk by chunk (<see cref="ChunkPipeline"/>), the rest layer by layer:
    /// the same numbers as calling each layer's Forward in turn.
    /// </summary>
    /// <exception cref="ShapeException">X does not have the model's input shape.</exception>
    /// <exception cref="ArgumentException">X contains NaN or infinity.</exception>
    public Batch Forward(Batch x)
    {
        CheckInput(x);
        Batch a = _leadingPerSample?.Forward(x) ?? x;
        for (int i = _leadingPerSample?.Layers.Count ?? 0; i < _layers.Length; i++) a = _layers[i].Forward(a);
        return a;
    }

    /// <summary>What <see cref="Forward"/> checks before the first layer runs (also used by <see cref="StepPhases"/>).</summary>
    /// <exception cref="ShapeException">X does not have the model's input shape.</exception>
    /// <exception cref="ArgumentException">X contains NaN or infinity.</exception>
    public void CheckInput(Batch x)
    {
        if (!IsBuilt) throw new InvalidOperationException("Build the model before Forward.");
        if (x.Shape != InputShape)
            throw new ShapeException($"{_layers[0].Name}: the model takes samples of {InputShape} (C×H×W), got {x.Shape}.");
        CheckFinite(x);
    }

    /// <summary>Forward, then the mean softmax cross-entropy against <paramref name="labels"/> (one per sample, 0..K−1).</summary>
    public float ForwardLoss(Batch x, ReadOnlySpan<int> labels) => Loss.Forward(Forward(x), labels);

    /// <summary>Backpropagates from the loss of the last <see cref="ForwardLoss"/> through every layer (the leading per-sample ones chunk by chunk, as in <see cref="Forward"/>).</summary>
    public void Backward()
    {
        Batch grad = Loss.Backward();
        int first = _leadingPerSample?.Layers.Count ?? 0;
        for (int i = _layers.Length - 1; i >= first; i--) grad = _layers[i].Backward(grad);
        _leadingPerSample?.Backward(grad);
    }

    /// <summary>One optimizer step for every parameter.</summary>
    public void Update()
    {
        foreach (var layer in _layers) layer.Update();
    }

    /// <summary>
    /// The one training step: forward + loss → backward → optimizer update, on batch <paramref name="x"/>.
    /// A non-finite loss stops before backward and leaves the weights as they were (the caller reports it).
    /// <see cref="Loss"/> keeps the batch's probabilities. Returns the mean loss; <paramref name="forwardEnd"/>
    /// is the <see cref="Stopwatch"/> timestamp when the forward pass ended (for forward/backward timings).
    /// </summary>
    public float TrainStep(Batch x, ReadOnlySpan<int> labels, out long forwardEnd)
    {
        float loss = ForwardLoss(x, labels);
        forwardEnd = Stopwatch.GetTimestamp();
        if (!float.IsFinite(loss)) return loss;
        Backward();
        Update();
        return loss;
    }

    /// <summary>The one evaluation step: forward + loss, no backward; adds the batch's loss and correct count to <paramref name="sum"/>.</summary>
    public void Evaluate(Batch x, ReadOnlySpan<int> labels, ref ScoreSum sum)
    {
        float loss = ForwardLoss(x, labels);
        sum.Add(loss, x.Count, ClassScores.CountCorrect(Loss.Probabilities, labels));
    }

    /// <summary>A table: name, description, output shape and parameter count per layer.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"input: {InputShape}");
        foreach (var l in _layers) sb.AppendLine($"{l.Describe(),-48} params {l.ParameterCount,8:N0}");
        sb.Append($"total parameters: {ParameterCount:N0}");
        return sb.ToString();
    }

    /// <summary>One line that identifies the architecture (checkpoints refuse to load into another).</summary>
    public string Architecture => $"in {InputShape} | " + string.Join(" | ", _layers.Select(l => l.Describe()));

    private void NameLayers()
    {
        var counts = new Dictionary<string, int>();
        foreach (var layer in _layers)
        {
            counts[layer.Kind] = counts.GetValueOrDefault(layer.Kind) + 1;
            if (layer.Name.Length == 0) layer.Name = $"{layer.Kind}{counts[layer.Kind]}";
        }
        var duplicate = _layers.GroupBy(l => l.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two layers are named '{duplicate.Key}'; layer names must be unique.");
    }

    private void CheckFinite(Batch x)
    {
        ReadOnlySpan<float> data = x.Span;
        if (float.IsFinite(TensorPrimitives.Sum(data))) return;
        int i = 0;
        while (i < data.Length && float.IsFinite(data[i])) i++;
        if (i == data.Length) return; // the sum overflowed, but every value is finite
        int size = x.Shape.Size;
        throw new ArgumentException($"{_layers[0].Name}: input sample {i / size} of a {x.Count}×{x.Shape} batch holds {data[i]} at offset {i % size}; inputs must be finite.");
    }
}
