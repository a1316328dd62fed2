using CnnViz.Core.Optimizers;
using CnnViz.Engine.Models;

namespace CnnViz.Engine;

/// <summary>How a <see cref="TrainingSession"/> trains: the choices a user makes on the command line.</summary>
public sealed record SessionConfig
{
    /// <summary>The architecture (e.g. LeNet-5) and a factory for fresh instances of it.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>Optimizer and learning rate.</summary>
    public OptimizerSpec Optimizer { get; init; } = OptimizerSpec.WithDefaultRate("momentum");

    /// <summary>
    /// Multiplies the learning rate by this factor at the end of every epoch (1: constant rate).
    /// lr(epoch e) = lr₀ · decayᵉ, e.g. 0.01 with 0.8 gives 0.0013 in the 10th epoch.
    /// </summary>
    public float LearningRateDecay { get; init; } = 1f;

    /// <summary>The learning rate's shape over the run (<see cref="LearningRateSchedule"/>); step with decay 1 is a constant rate.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Step;

    /// <summary>Linear warm-up over this many epochs (fractions allowed; 0: none, onecycle: 30% of the run).</summary>
    public double WarmupEpochs { get; init; }

    /// <summary>λ of the L2 weight decay ½λ‖W‖² (weights only, not biases); 0: off.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Distortion of each training image: "none", "affine" or "elastic" (Core's <see cref="Core.Data.Distortions"/>).</summary>
    public string Augment { get; init; } = "none";

    /// <summary>Images per mini-batch (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seeds weight initialization and the epoch shuffles.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Train this many epochs, then stop stepping (0: no limit, as in the window).</summary>
    public int Epochs { get; init; }

    /// <summary>Start a validation pass every this many steps (0: only at epoch ends).</summary>
    public int ValidationEvery { get; init; }

    /// <summary>Images per forward pass when evaluating validation and test sets.</summary>
    public int EvaluationBatch { get; init; } = 250;

    /// <summary>The confusion matrix covers this many most recent training images.</summary>
    public int ConfusionWindow { get; init; } = 1000;

    /// <summary>How many recent misclassified training images are kept.</summary>
    public int MisclassifiedCapacity { get; init; } = 32;

    /// <summary>Keep a timeline snapshot every this many steps, for <c>seek STEP</c> (0: no timeline).</summary>
    public int SnapshotEvery { get; init; }

    /// <summary>The timeline's snapshots together stay within this many bytes (older ones are thinned).</summary>
    public long SnapshotBudgetBytes { get; init; } = 64L << 20;

    /// <summary>Throws ArgumentException naming the first setting out of range.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"The batch size must be at least 1, got {BatchSize}.");
        if (Epochs < 0) throw new ArgumentException($"Epochs must be 0 (no limit) or more, got {Epochs}.");
        if (ValidationEvery < 0) throw new ArgumentException($"ValidationEvery must be 0 or more, got {ValidationEvery}.");
        if (EvaluationBatch < 1) throw new ArgumentException($"The evaluation batch must be at least 1, got {EvaluationBatch}.");
        if (SnapshotEvery < 0 || SnapshotBudgetBytes < 1) throw new ArgumentException($"Snapshots need every ≥ 0 steps and a positive budget, got every {SnapshotEvery}, budget {SnapshotBudgetBytes} bytes.");
        if (ConfusionWindow < 1 || MisclassifiedCapacity < 1) throw new ArgumentException("The confusion window and misclassified capacity must be at least 1.");
        if (!float.IsFinite(LearningRateDecay) || LearningRateDecay <= 0 || LearningRateDecay > 1)
            throw new ArgumentException($"The learning-rate decay must be in (0, 1], got {LearningRateDecay}.");
        if (!float.IsFinite(Optimizer.LearningRate) || Optimizer.LearningRate <= 0)
            throw new ArgumentException($"The learning rate must be a positive number, got {Optimizer.LearningRate}.");
        if (!float.IsFinite(WeightDecay) || WeightDecay < 0) throw new ArgumentException($"The weight decay must be a number ≥ 0, got {WeightDecay}.");
        if (Core.Data.Distortions.Parse(Augment) is null)
            throw new ArgumentException($"Unknown augmentation '{Augment}'; choose one of: {string.Join(", ", Core.Data.Distortions.Names)}.");
        if (!double.IsFinite(WarmupEpochs) || WarmupEpochs < 0) throw new ArgumentException($"The warm-up must be 0 or more epochs, got {WarmupEpochs}.");
    }

    /// <summary>
    /// The schedule for a run of <see cref="Epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps each.
    /// </summary>
    /// <exception cref="ArgumentException">The schedule does not fit the run (e.g. cosine without a length, a warm-up as long as the run).</exception>
    public LearningRateSchedule CreateSchedule(int stepsPerEpoch) =>
        new(Schedule, Optimizer.LearningRate, stepsPerEpoch, (long)Epochs * stepsPerEpoch,
            (long)Math.Round(WarmupEpochs * stepsPerEpoch), LearningRateDecay);
}
