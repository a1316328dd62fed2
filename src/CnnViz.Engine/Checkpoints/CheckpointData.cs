namespace CnnViz.Engine.Checkpoints;

/// <summary>
/// Everything needed to continue a run bit for bit: weights, optimizer state, where the run is
/// (step, epoch, position in the epoch's shuffled order) and the RNG that shuffles the next epochs.
/// </summary>
public sealed class CheckpointData
{
    /// <summary>The catalog name, e.g. "lenet5".</summary>
    public required string ModelName { get; init; }

    /// <summary><c>Sequential.Architecture</c>: a checkpoint only loads into the same architecture.</summary>
    public required string Architecture { get; init; }

    public required string OptimizerName { get; init; }
    /// <summary>The rate of the next step (already decayed).</summary>
    public required float LearningRate { get; init; }

    /// <summary>The per-epoch decay factor the run uses (1: none).</summary>
    public required float LearningRateDecay { get; init; }

    /// <summary>The optimizer's other hyperparameters, e.g. "momentum mu=0.9".</summary>
    public required string OptimizerSettings { get; init; }

    /// <summary>The learning-rate schedule's name (<c>LearningRateSchedule.Names</c>); version-1 files: "step".</summary>
    public string Schedule { get; init; } = "step";

    /// <summary>The schedule's warm-up and run length in steps (<c>LearningRateSchedule.WarmupSteps</c>, <c>TotalSteps</c>; 0: none, unknown).</summary>
    public long WarmupSteps { get; init; }
    public long TotalSteps { get; init; }

    /// <summary>λ of the L2 weight decay (0: off).</summary>
    public float WeightDecay { get; init; }

    /// <summary>The distortion of the training images: "none", "affine" or "elastic".</summary>
    public string Augment { get; init; } = "none";

    public required int BatchSize { get; init; }
    public required ulong Seed { get; init; }
    public required long Step { get; init; }
    public required int Epoch { get; init; }

    /// <summary>The four xoshiro256** words (<c>Rng.GetState</c>).</summary>
    public required ulong[] RngState { get; init; }

    /// <summary>The epoch's image order and the index of the next image in it.</summary>
    public required int[] Permutation { get; init; }
    public required int Position { get; init; }

    /// <summary>Per parameter, in model order: its name and values.</summary>
    public required IReadOnlyList<(string Name, float[] Values)> Parameters { get; init; }

    /// <summary>Per parameter, in the same order: the optimizer's update count and buffers.</summary>
    public required IReadOnlyList<(long Step, float[][] Buffers)> OptimizerStates { get; init; }
}
