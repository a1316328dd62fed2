using CnnViz.Core.Layers;
using CnnViz.Core.Optimizers;
using CnnViz.Engine.Metrics;

namespace CnnViz.Engine.Timelines;

/// <summary>
/// One point of the timeline: the same facts as a checkpoint (weights, optimizer state, RNG, epoch
/// order and position, step, epoch, learning rate) plus where the metrics lists stood, held in buffers
/// allocated once and overwritten in place when the timeline reuses the slot. Never written to disk.
/// </summary>
internal sealed class Snapshot
{
    public readonly float[][] Values;              // per parameter (model order): (Length)
    public readonly float[][][] OptimizerBuffers;  // per parameter: the optimizer's buffers, each (Length)
    public readonly long[] OptimizerSteps;         // per parameter: the optimizer's update count
    public readonly ulong[] RngState = new ulong[4];
    public readonly int[] Order;                   // (N) the epoch's permutation
    public readonly MetricsHistory.Mark Metrics = new();
    public int Position;          // MiniBatches.Position (N once the epoch is used up)
    public int BatchesEpoch;      // MiniBatches.Epoch
    public long Step;
    public int Epoch;
    public LearningRateSchedule? Schedule; // α(step), immutable (a rate change makes a new one)
    public long LastValidationStep;

    public Snapshot(IReadOnlyList<Parameter> parameters, Optimizer optimizer, int trainCount)
    {
        Values = [.. parameters.Select(p => new float[p.Length])];
        OptimizerBuffers = [.. parameters.Select(p => optimizer.StateOf(p).Buffers.Select(b => new float[b.Length]).ToArray())];
        OptimizerSteps = new long[parameters.Count];
        Order = new int[trainCount];
    }

    /// <summary>Bytes held by one snapshot of this shape (what the memory budget counts).</summary>
    public static long SizeOf(IReadOnlyList<Parameter> parameters, Optimizer optimizer, int trainCount) =>
        parameters.Sum(p => (long)p.Length * sizeof(float) * (1 + optimizer.StateOf(p).Buffers.Length))
        + (long)trainCount * sizeof(int) + MetricsHistory.Mark.Bytes + 4 * sizeof(ulong);
}
