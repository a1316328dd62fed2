// Over 300 lines: the session's life (build, reset, step, epoch end) reads as one story; checkpoints, evaluation, probe, inspection and timeline live in the partial files beside it.
using System.Diagnostics;
using CnnViz.Core;
using CnnViz.Core.Data;
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
    private readonly Batch _input;             // (B, 1, H, W), the batch being trained (distorted when augmenting)
    private readonly Batch? _original;         // (B, 1, H, W), the undistorted images (only when augmenting)
    private readonly Distortions? _distortions;
    private readonly int[] _labels;            // (B)
    private readonly int[] _predictions;       // (B) argmax of the softmax
    private readonly float[] _confidences;     // (B) the softmax probability of the prediction
    private readonly SampleCursor _cursor = new();
    private readonly Stopwatch _watch = new();
    private double _epochSeconds;
    private long _lastValidationStep;
    private LearningRateSchedule _schedule;  // the one owner of the learning rate: α(step); the optimizer is told it before each step

    public TrainingSession(SessionConfig config, DataSplit data)
    {
        config.Validate();
        Config = config;
        Data = data;
        int b = config.BatchSize;
        _input = new Batch(data.Train.SampleShape, b);
        if (Distortions.Parse(config.Augment) is { } kind and not DistortionKind.None)
        {
            _distortions = new Distortions(kind, data.Train.Height, data.Train.Width, b);
            _original = new Batch(data.Train.SampleShape, b);
        }
        _labels = new int[b];
        _predictions = new int[b];
        _confidences = new float[b];
        _schedule = config.CreateSchedule(MiniBatches.BatchesFor(data.Train.Count, b)); // _batches exists only after Reset
        TargetEpochs = config.Epochs;
        Confusion = new ConfusionMatrix(data.Train.Classes, config.ConfusionWindow);
        Misclassified = new MisclassifiedBuffer(config.MisclassifiedCapacity, data.Train.ImageSize);
        _evaluator = new Evaluator(config.Model.Create(), config.EvaluationBatch);
        _onEvaluated = OnEvaluated;
        Views = new SessionViews(this);
        Reset(config.Seed);
        CreateTimeline();
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
    /// Step size α of the next step: the schedule's α(StepCount). Setting it rescales the schedule so that the
    /// next step uses the value and later steps keep the schedule's shape from there (a Reset keeps the rescaled schedule).
    /// </summary>
    public float LearningRate
    {
        get => _schedule.RateAt(StepCount);
        set
        {
            _schedule = _schedule.RescaledTo(value, StepCount); // validates
            Timeline?.NoteChange(this, $"lr {value}");
            Version++;
        }
    }

    /// <summary>The learning-rate schedule the session follows (rescaled when a rate is set by hand).</summary>
    public LearningRateSchedule Schedule => _schedule;

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
    /// <summary>The batch before distortion (the same images as <see cref="InputImages"/> when not augmenting).</summary>
    internal ReadOnlySpan<float> OriginalImages => _original is null ? _input.Span : _original.Span;
    internal bool IsAugmenting => _distortions is not null;
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
        var optimizer = (Config.Optimizer with { LearningRate = _schedule.RateAt(0) }).Create();
        optimizer.WeightDecay = Config.WeightDecay;
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
        Timeline?.Restart(this);
        Version++;
    }

    private void InstallModel(Sequential model, Optimizer optimizer)
    {
        _model = model;
        _optimizer = optimizer;
        _parameters = [.. model.Parameters];
        _parameterOwners = [.. model.Layers.SelectMany(l => l.Parameters.Select(_ => l.Name))];
        LayerViews = SessionViews.CreateLayerViews(model, _cursor);
        InstallInspection(model);
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
    /// A step begun in phases (<see cref="AdvancePhase"/>) is finished instead of starting a new one.
    /// Returns false, doing nothing, when the run is finished or diverged.
    /// </summary>
    public bool Step()
    {
        if (IsFinished || IsDiverged) return false;
        if (_knockout is not null) RestoreKnockout();   // never train on knocked-out weights
        if (_phases.InProgress) return FinishPhases();
        if (_phases.Done != 0) _phases.Cancel();        // the views stop naming the last phased step's phase
        long start = Stopwatch.GetTimestamp();
        int n = LoadNextBatch();

        _updates.BeforeUpdate();   // W_{t−1}: forward and backward do not change the weights
        float loss = _model.TrainStep(_input, _labels.AsSpan(0, n), out long forwardEnd);
        if (!CheckLoss(loss)) return false;   // TrainStep kept the last finite weights (no backward, no update)
        _updates.AfterUpdate(StepCount);
        long end = Stopwatch.GetTimestamp();
        Throughput.Add(n, Stopwatch.GetElapsedTime(start, forwardEnd).TotalSeconds, Stopwatch.GetElapsedTime(forwardEnd, end).TotalSeconds);
        _epochSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
        return EndStep(loss, n);
    }

    /// <summary>The next images of the epoch order into the batch buffer; returns N.</summary>
    private int LoadNextBatch()
    {
        ReadOnlySpan<int> indices = _batches.Next();
        if (_distortions is null) Data.Train.FillBatch(indices, _input, _labels);
        else
        {
            Data.Train.FillBatch(indices, _original!, _labels);
            _distortions.Apply(_original!, _input, Seed, StepCount); // draws depend on (seed, step, sample) only
        }
        _optimizer.LearningRate = _schedule.RateAt(StepCount);    // the schedule owns the rate of every step
        return indices.Length;
    }

    /// <summary>Counts the step once its loss is known; a non-finite loss stops the run (no backward, no update).</summary>
    private bool CheckLoss(float loss)
    {
        StepCount++;
        Version++;
        if (float.IsFinite(loss)) return true;
        // Keep the last finite weights on screen: no backward, no update.
        DivergenceMessage = DivergenceGuard.DescribeLoss(_model, loss, StepCount, LearningRate);
        return false;
    }

    /// <summary>After the update: predictions, metrics, the divergence check, the epoch's end or a periodic validation.</summary>
    private bool EndStep(float loss, int n)
    {
        int correct = RecordPredictions(n);
        Metrics.AddStep(StepCount, loss, correct, n);

        DivergenceMessage = DivergenceGuard.DescribeParameters(_parameters, _parameterOwners, StepCount, _optimizer.LearningRate);
        if (IsDiverged) return false;

        if (_batches.EpochComplete) EndEpoch();
        else if (Config.ValidationEvery > 0 && StepCount - _lastValidationStep >= Config.ValidationEvery && !_evaluator.HasPending)
            QueueEvaluation(test: false);
        Timeline?.AfterStep(this);
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
        _epochSeconds = 0;
        FinishEvaluations(); // a periodic pass still running finishes with its own (older) weights
        QueueEvaluation(test: true);
    }
}
