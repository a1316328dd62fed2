using CnnViz.Core.Models;
using CnnViz.Engine.Metrics;

namespace CnnViz.Engine.Views;

/// <summary>
/// Everything the renderer may read of a <see cref="TrainingSession"/>, refreshed by each step.
/// Read-only: spans point into the session's and the layers' own buffers (no copy per frame,
/// nothing allocated per step). Read between steps on the thread that steps the session.
/// <list type="bullet">
/// <item><see cref="Version"/> bumps on any change; <see cref="ModelVersion"/> when the layers were
/// replaced (reset, load) and layer views/textures must be rebuilt.</item>
/// <item>The batch: <see cref="InputImages"/> (N, 1, H, W) with <see cref="Labels"/>,
/// <see cref="Predictions"/> and <see cref="Confidences"/>.</item>
/// <item>The selected sample (<see cref="SelectedSample"/>): every layer's maps
/// (<see cref="Layers"/>) and its softmax <see cref="Probabilities"/>.</item>
/// <item>Metrics, confusion matrix, misclassified images, throughput; the draw-mode <see cref="Probe"/>.</item>
/// </list>
/// </summary>
public sealed class SessionViews
{
    private readonly TrainingSession _session;

    internal SessionViews(TrainingSession session)
    {
        _session = session;
        Inspection = new InspectionViews(session);
    }

    /// <summary>Phases of a step, ΔW and W − W₀, dead ReLUs, knockout, gradcheck.</summary>
    public InspectionViews Inspection { get; }

    public long Version => _session.Version;
    public long ModelVersion => _session.ModelVersion;
    /// <summary>Bumps whenever the weights change (a step, a knockout or its restore, a reset, a load): predictions must be redone.</summary>
    public long WeightsVersion => _session.WeightsVersion;

    public long Step => _session.StepCount;
    /// <summary>The run's snapshots for seek and the scrub bar (read-only from here); null when snapshots are off.</summary>
    public Timelines.Timeline? Timeline => _session.Timeline;
    /// <summary>Completed epochs.</summary>
    public int Epoch => _session.Epoch;
    /// <summary>Fraction of the current epoch done, 0..1.</summary>
    public double EpochProgress => (double)_session.EpochPosition / _session.Data.Train.Count;
    public int StepsPerEpoch => _session.StepsPerEpoch;
    public int TargetEpochs => _session.TargetEpochs;
    public bool IsFinished => _session.IsFinished;
    public bool IsDiverged => _session.IsDiverged;
    public string? DivergenceMessage => _session.DivergenceMessage;

    public string ModelName => _session.Config.Model.Name;

    /// <summary>The model's full name or description text (a described model's name is its description; help page 1 shows it whole).</summary>
    public string ModelDescription => _session.Config.Model.Name;
    public string Architecture => _session.Model.Architecture;
    public string OptimizerName => _session.Optimizer.Name;
    public float LearningRate => _session.LearningRate;
    public int BatchSize => _session.Config.BatchSize;
    public ulong Seed => _session.Seed;
    /// <summary>The training set's name, e.g. "MNIST train (data/mnist-sample)".</summary>
    public string DataName => _session.Data.Train.Name;
    /// <summary>The data's name without the machine's paths, for screens and screenshots: "MNIST train (mnist-sample)".</summary>
    public string DataLabel => _dataLabel ??= ShortName(DataName);
    private string? _dataLabel;

    private static string ShortName(string name)
    {
        int open = name.IndexOf('('), close = name.LastIndexOf(')');
        if (open < 0 || close < open) return name;
        string inside = name[(open + 1)..close].TrimEnd('/', '\\');
        return $"{name[..open]}({Path.GetFileName(inside)}){name[(close + 1)..]}";
    }

    public IReadOnlyList<string> ClassNames => _session.Data.Train.ClassNames;
    public int ImageHeight => _session.Data.Train.Height;
    public int ImageWidth => _session.Data.Train.Width;

    /// <summary>Samples in the last trained batch, N (≤ BatchSize).</summary>
    public int BatchCount => _session.BatchCount;
    /// <summary>The last trained batch's images, (N, 1, H, W), pixels in [0, 1].</summary>
    public ReadOnlySpan<float> InputImages => _session.InputImages;

    /// <summary>(N, 1, H, W): the batch before its distortion (--augment); equal to <see cref="InputImages"/> without one.</summary>
    public ReadOnlySpan<float> OriginalImages => _session.OriginalImages;

    /// <summary>The training images are distorted on the fly (--augment affine or elastic): "affine", "elastic"; null when not.</summary>
    public string? Augmentation => _session.IsAugmenting ? _session.Config.Augment : null;

    /// <summary>The connection table of the model's first masked convolution (lenet5-1998's C3, Table I), or null when it has none.</summary>
    public ConnectionTableView? ConnectionTable
    {
        get
        {
            if (_tableVersion == ModelVersion) return _table;
            _tableVersion = ModelVersion;
            _table = null;
            var layers = _session.Model.Layers;
            for (int i = 0; i < layers.Count && _table is null; i++)
                if (layers[i] is Core.Layers.MaskedConv2d masked) _table = new ConnectionTableView(masked);
            return _table;
        }
    }
    private ConnectionTableView? _table;
    private long _tableVersion = -1;
    /// <summary>Image n of the batch, (H, W).</summary>
    public ReadOnlySpan<float> InputImage(int n) => _session.InputImages.Slice(n * ImageHeight * ImageWidth, ImageHeight * ImageWidth);
    /// <summary>True class of each image, (N).</summary>
    public ReadOnlySpan<int> Labels => _session.Labels;
    /// <summary>The model's prediction (argmax) for each image during the step, (N).</summary>
    public ReadOnlySpan<int> Predictions => _session.Predictions;
    /// <summary>The softmax probability of each prediction, (N).</summary>
    public ReadOnlySpan<float> Confidences => _session.Confidences;

    /// <summary>Which image of the batch the layer views show.</summary>
    public int SelectedSample => Math.Min(_session.SelectedSample, Math.Max(0, BatchCount - 1));
    /// <summary>The layer the window zooms on, or null.</summary>
    public string? FocusedLayer => _session.FocusedLayer;

    /// <summary>Every layer in model order, showing the selected sample.</summary>
    public IReadOnlyList<LayerView> Layers => _session.LayerViews;
    /// <summary>The selected sample's softmax probabilities, (K).</summary>
    public ReadOnlySpan<float> Probabilities => _session.Model.Loss.Probabilities.Sample(SelectedSample);

    /// <summary>dL/dz of the selected sample for the logits (the last layer's output), from the last backward pass, (K).</summary>
    public ReadOnlySpan<float> LogitsGrad => _session.Model.Loss.LogitsGrad.Sample(SelectedSample);

    public MetricsHistory Metrics => _session.Metrics;
    public Throughput Throughput => _session.Throughput;
    public ConfusionMatrix Confusion => _session.Confusion;
    public MisclassifiedBuffer Misclassified => _session.Misclassified;

    /// <summary>The last draw-mode prediction (<see cref="TrainingSession.Predict"/>), or null before the first.</summary>
    public ProbeView? Probe => _session.ProbeViews;

    internal static IReadOnlyList<LayerView> CreateLayerViews(Sequential model, SampleCursor cursor)
    {
        var views = new LayerView[model.Layers.Count];
        for (int i = 0; i < views.Length; i++) views[i] = new LayerView(model.Layers[i], i, cursor);
        var cards = LayerCard.For(model.Layers);
        for (int i = 0; i < views.Length; i++) views[i].Card = cards[i];
        for (int i = 0; i + 1 < views.Length; i++)
            if (views[i].HasWeights && views[i + 1].IsActivation) views[i].Activation = views[i + 1];
        return views;
    }
}
