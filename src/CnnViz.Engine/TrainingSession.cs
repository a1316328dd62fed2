using System.Diagnostics;
using CnnViz.Core;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Data;
using CnnViz.Engine.Evaluation;
using CnnViz.Engine.Metrics;
using CnnViz.Engine.Views;

namespace CnnViz.Engine;

/// <summary>
/// One training run that the window and the console drive the same way:
/// <code>
/// var session = new TrainingSession(config, data);
/// session.Step();            // exactly one mini-batch: forward, loss, backward, update
/// session.Evaluate(500);     // at most 500 validation/test images (call once per frame)
/// draw(session.Views);       // read-only views of the batch, layers, metrics
/// </code>
/// Deterministic: the same seed and the same sequence of steps and learning-rate changes give
/// bit-identical weights, however the steps are grouped and whenever evaluations run (they use
/// a separate model copy and no randomness). Single-threaded: call everything from one thread.
/// </summary>
public sealed partial class TrainingSession
{
    private Sequential _model = null!;
    private Parameter[] _parameters = null!;    // every parameter in model order (checkpoints, snapshots, the guard)
    private string[] _parameterOwners = null!;  // the layer name of each
    private Optimizer _optimizer = null!;
    private Rng _rng = null!;
    private MiniBatches _batches = null!;   // the epoch order: reshuffled per epoch from _rng, saved in checkpoints
    private readonly Evaluator _evaluator;
    private readonly Action<EvaluationSet, EvaluationPoint> _onEvaluated;
    private readonly Batch _input;             // (B, 1, H, W), the batch being trained
    private readonly int[] _labels;            // (B)
    private readonly int[] _predictions;       // (B) argmax of the softmax
    private readonly float[] _confidences;     // (B) the softmax probability of the prediction
    private readonly SampleCursor _cursor = new();
    private readonly Stopwatch _watch = new();
    private double _epochSeconds;
    private long _lastValidationStep;
    private float _resetLearningRate;   // where a Reset starts: the config's rate, or the last one set by hand (the current rate is the optimizer's)

    public TrainingSession(SessionConfig config, DataSplit data)
    {
        config.Validate();
        Config = config;
        Data = data;
        int b = config.BatchSize;
        _input = new Batch(data.Train.SampleShape, b);
        _labels = new int[b];
        _predictions = new int[b];
        _confidences = new float[b];
        _resetLearningRate = config.Optimizer.LearningRate;
        TargetEpochs = config.Epochs;
        Confusion = new ConfusionMatrix(data.Train.Classes, config.ConfusionWindow);
        Misclassified = new MisclassifiedBuffer(config.MisclassifiedCapacity, data.Train.ImageSize);
        _evaluator = new Evaluator(config.Model.Create(), config.EvaluationBatch);
        _onEvaluated = OnEvaluated;
        Views = new SessionViews(this);
        Reset(config.Seed);
    }

    public SessionConfig Config { get; }
    public DataSplit Data { get; }

    /// <summary>What the renderer reads. Never mutates the session.</summary>
    public SessionViews Views { get; }

    /// <summary>The training model. Read it in tests and tools; draw through <see cref="Views"/>.</summary>
    public Sequential Model => _model;

    /// <summary>The seed of the current run (the last Reset).</summary>
    public ulong Seed { get; private set; }

    /// <summary>Mini-batches trained since the start of the run.</summary>
    public long StepCount { get; private set; }

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; private set; }

    /// <summary>Images of the current epoch already trained (0 at an epoch boundary).</summary>
    public int EpochPosition => _batches.Position == _batches.Count ? 0 : _batches.Position;

    /// <summary>Mini-batches per epoch (the last one may be partial).</summary>
    public int StepsPerEpoch => _batches.BatchesPerEpoch;

    /// <summary>Stop stepping after this many epochs (0: never).</summary>
    public int TargetEpochs { get; set; }

    /// <summary>True once <see cref="TargetEpochs"/> epochs are done; Step then does nothing.</summary>
    public bool IsFinished => TargetEpochs > 0 && Epoch >= TargetEpochs;

    /// <summary>Set when a loss or parameter went NaN/∞; Step then does nothing until Reset or a checkpoint load.</summary>
    public bool IsDiverged => DivergenceMessage is not null;

    /// <summary>Why training stopped, naming the first layer that went non-finite; null while healthy.</summary>
    public string? DivergenceMessage { get; private set; }

    /// <summary>
    /// Step size α, changeable between steps. A rate set here is also where a Reset starts from;
    /// the per-epoch decay (<see cref="SessionConfig.LearningRateDecay"/>) continues from it.
    /// </summary>
    public float LearningRate
    {
        get => _optimizer.LearningRate;
        set
        {
            _optimizer.LearningRate = value; // validates
            _resetLearningRate = value;
            Version++;
        }
    }

    public Optimizer Optimizer => _optimizer;

    /// <summary>Which sample of the batch the layer views show, 0..BatchSize−1.</summary>
    public int SelectedSample
    {
        get => _cursor.Index;
        set
        {
            if (value < 0 || value >= Config.BatchSize)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The sample must be in 0..{Config.BatchSize - 1} (the batch size is {Config.BatchSize}).");
            _cursor.Index = value;
            Version++;
        }
    }

    /// <summary>The layer the window zooms on (null: none). Must name a layer of the model.</summary>
    public string? FocusedLayer
    {
        get => _focusedLayer;
        set
        {
            if (value is not null && !_model.Layers.Any(l => l.Name == value))
                throw new ArgumentException($"No layer named '{value}'; layers: {string.Join(", ", _model.Layers.Select(l => l.Name))}.");
            _focusedLayer = value;
            Version++;
        }
    }
    private string? _focusedLayer;

    public MetricsHistory Metrics { get; } = new();
    public Throughput Throughput { get; } = new();
    public ConfusionMatrix Confusion { get; }
    public MisclassifiedBuffer Misclassified { get; }

    /// <summary>Bumps on every change a renderer may want to redraw: a step, a reset, a load, a selection.</summary>
    public long Version { get; private set; }

    /// <summary>Bumps when the model instance is replaced (reset, load): layer views must be re-read.</summary>
    public long ModelVersion { get; private set; }

    internal ReadOnlySpan<float> InputImages => _input.Span;
    internal ReadOnlySpan<int> Labels => _labels.AsSpan(0, _input.Count);
    internal ReadOnlySpan<int> Predictions => _predictions.AsSpan(0, _input.Count);
    internal ReadOnlySpan<float> Confidences => _confidences.AsSpan(0, _input.Count);
    internal int BatchCount => _input.Count;
    internal SampleCursor Cursor => _cursor;
    internal IReadOnlyList<LayerView> LayerViews { get; private set; } = [];

    /// <summary>
    /// Starts the run over: fresh weights from <paramref name="seed"/> (default: the current seed),
    /// a fresh optimizer at the starting learning rate (the config's, or the last one set by hand),
    /// step and epoch 0, empty metrics.
    /// </summary>
    public void Reset(ulong? seed = null)
    {
        Seed = seed ?? Seed;
        _rng = new Rng(Seed);
        var optimizer = (Config.Optimizer with { LearningRate = _resetLearningRate }).Create();
        InstallModel(Config.Model.Create().Build(Config.BatchSize, _rng, optimizer), optimizer);
        _batches = new MiniBatches(Data.Train.Count, Config.BatchSize, _rng);
        StepCount = 0;
        Epoch = 0;
        _epochSeconds = 0;
        _lastValidationStep = 0;
        DivergenceMessage = null;
        _input.Count = _input.Capacity;
        _input.Span.Clear();
        Array.Clear(_labels); Array.Clear(_predictions); Array.Clear(_confidences);
        _evaluator.Clear();
        Metrics.Clear(); Throughput.Clear(); Confusion.Clear(); Misclassified.Clear();
        Version++;
    }

    private void InstallModel(Sequential model, Optimizer optimizer)
    {
        _model = model;
        _optimizer = optimizer;
        _parameters = [.. model.Parameters];
        _parameterOwners = [.. model.Layers.SelectMany(l => l.Parameters.Select(_ => l.Name))];
        LayerViews = SessionViews.CreateLayerViews(model, _cursor);
        if (_focusedLayer is not null && !model.Layers.Any(l => l.Name == _focusedLayer)) _focusedLayer = null;
        ModelVersion++;
    }

    /// <summary>Trains <paramref name="steps"/> mini-batches (fewer if the run finishes or diverges); returns how many.</summary>
    public int Step(int steps)
    {
        int done = 0;
        while (done < steps && Step()) done++;
        return done;
    }

    /// <summary>
    /// Trains exactly one mini-batch: the next images of the epoch order → forward + loss →
    /// backward → optimizer update; records loss, accuracy, predictions, timings; checks for
    /// divergence; closes the epoch (queuing its validation and test evaluation) after its last batch.
    /// Returns false, doing nothing, when the run is finished or diverged.
    /// </summary>
    public bool Step()
    {
        if (IsFinished || IsDiverged) return false;
        long start = Stopwatch.GetTimestamp();
        ReadOnlySpan<int> indices = _batches.Next();
        int n = indices.Length;
        Data.Train.FillBatch(indices, _input, _labels);

        float loss = _model.TrainStep(_input, _labels.AsSpan(0, n), out long forwardEnd);
        StepCount++;
        Version++;
        if (!float.IsFinite(loss))
        {
            // TrainStep kept the last finite weights (no backward, no update): keep them on screen.
            DivergenceMessage = DivergenceGuard.DescribeLoss(_model, loss, StepCount, LearningRate);
            return false;
        }
        long end = Stopwatch.GetTimestamp();

        int correct = RecordPredictions(n);
        Metrics.AddStep(StepCount, loss, correct, n);
        Throughput.Add(n, Stopwatch.GetElapsedTime(start, forwardEnd).TotalSeconds, Stopwatch.GetElapsedTime(forwardEnd, end).TotalSeconds);
        _epochSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;

        DivergenceMessage = DivergenceGuard.DescribeParameters(_parameters, _parameterOwners, StepCount, LearningRate);
        if (IsDiverged) return false;

        if (_batches.EpochComplete) EndEpoch();
        else if (Config.ValidationEvery > 0 && StepCount - _lastValidationStep >= Config.ValidationEvery && !_evaluator.HasPending)
            QueueEvaluation(test: false);
        return true;
    }

    /// <summary>Argmax and confidence per sample, the confusion window and the misclassified ring; returns the number correct.</summary>
    private int RecordPredictions(int n)
    {
        Batch probabilities = _model.Loss.Probabilities;
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> p = probabilities.Sample(i);
            int predicted = ClassScores.ArgMax(p);
            _predictions[i] = predicted;
            _confidences[i] = p[predicted];
            Confusion.Add(_labels[i], predicted);
            if (predicted == _labels[i]) correct++;
            else Misclassified.Add(_input.Sample(i), _labels[i], predicted, p[predicted], StepCount);
        }
        return correct;
    }

    private void EndEpoch()
    {
        Epoch++;
        Metrics.EndEpoch(Epoch, StepCount, _epochSeconds);
        if (Config.LearningRateDecay != 1f)
        {
            _optimizer.LearningRate *= Config.LearningRateDecay;
        }
        _epochSeconds = 0;
        FinishEvaluations(); // a periodic pass still running finishes with its own (older) weights
        QueueEvaluation(test: true);
    }
}
