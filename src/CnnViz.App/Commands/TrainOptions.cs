namespace CnnViz.App.Commands;

/// <summary>Everything the command line asked for, parsed and checked (shared by the window and headless runs).</summary>
internal sealed record TrainOptions
{
    public bool Headless { get; init; }
    public string Model { get; init; } = "lenet5";
    /// <summary>Epochs to train (null: not given — headless trains 1, the window runs until closed).</summary>
    public int? Epochs { get; init; }
    public int BatchSize { get; init; } = 64;
    public string Optimizer { get; init; } = "adam";
    /// <summary>Null: the default rate of the optimizer (adam 0.002, momentum 0.05, sgd 0.1, adagrad 0.01).</summary>
    public float? LearningRate { get; init; }
    /// <summary>With the step schedule: multiply the learning rate by this at every epoch end (1: constant).</summary>
    public float LearningRateDecay { get; init; } = 0.7f;
    /// <summary>constant, step, cosine or onecycle (LearningRateSchedule).</summary>
    public string Schedule { get; init; } = "step";
    /// <summary>Linear learning-rate warm-up, in epochs (fractions allowed).</summary>
    public double WarmupEpochs { get; init; }
    /// <summary>L2 weight decay λ (weights only).</summary>
    public float WeightDecay { get; init; }
    /// <summary>none, affine or elastic (Core's Distortions).</summary>
    public string Augment { get; init; } = "none";
    /// <summary>The recipe the unset options came from.</summary>
    public string Recipe { get; init; } = "default";
    public ulong Seed { get; init; } = 1;
    public string? DataDir { get; init; }
    public string Dataset { get; init; } = "mnist";
    /// <summary>Train on an ImageFolder-style tree instead (ImageFolder.cs), null: MNIST-format data.</summary>
    public string? Images { get; init; }
    /// <summary>Use only the first N training and N test images (null: all).</summary>
    public int? Limit { get; init; }
    public string? Script { get; init; }
    /// <summary>Save a checkpoint here at every epoch end and at the end of the run.</summary>
    public string? Checkpoint { get; init; }
    /// <summary>Load this checkpoint before training.</summary>
    public string? Resume { get; init; }
    /// <summary>Start from this ONNX model's architecture and weights (OnnxImport's op subset).</summary>
    public string? Import { get; init; }
    public string? Report { get; init; }
    public string? Plot { get; init; }
    /// <summary>Worker threads for the kernels (null: the default).</summary>
    public int? Threads { get; init; }
    /// <summary>The options typed on the command line rather than left at their defaults ("--model", "--lr", …).</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();
    /// <summary>--compare: run B's change from this run (ComparisonChange), null: one run.</summary>
    public string? Compare { get; init; }
    /// <summary>A timeline snapshot every N steps (0: off).</summary>
    public int SnapshotEvery { get; init; }
    /// <summary>The timeline's memory budget per run, in MB (10⁶ bytes).</summary>
    public double SnapshotBudgetMb { get; init; } = DefaultSnapshotBudgetMb;
    /// <summary>The window keeps a timeline by default: a snapshot every 50 steps (≈ 1 MB each for LeNet-5 + Adam on
    /// full MNIST, so 64 MB holds ≈ 60 of them: the last 3,000 steps densely, older ones thinned).</summary>
    public const int WindowSnapshotEvery = 50;
    public const double DefaultSnapshotBudgetMb = 64;
    /// <summary>Headless frames and the frame log (the renderer's options, RenderOptions.cs).</summary>
    public RenderSettings Render { get; init; } = new();
}
