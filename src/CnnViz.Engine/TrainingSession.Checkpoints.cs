using CnnViz.Core.Models;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Data;
using CnnViz.Engine.Models;

namespace CnnViz.Engine;

// Saving and restoring the whole training state.
public sealed partial class TrainingSession
{
    /// <summary>Everything needed to continue this run bit for bit (copies; the session can keep training).</summary>
    public CheckpointData Capture() => new()
    {
        ModelName = Config.Model.Name,
        Architecture = _model.Architecture,
        OptimizerName = _optimizer.Name,
        LearningRate = _schedule.BaseRate,
        LearningRateDecay = Config.LearningRateDecay,
        OptimizerSettings = OptimizerSpec.Describe(_optimizer),
        Schedule = _schedule.Name(),
        WarmupSteps = _schedule.WarmupSteps,
        TotalSteps = _schedule.TotalSteps,
        WeightDecay = Config.WeightDecay,
        Augment = Config.Augment,
        BatchSize = Config.BatchSize,
        Seed = Seed,
        Step = StepCount,
        Epoch = Epoch,
        RngState = _rng.GetState(),
        Permutation = _batches.Order.ToArray(),
        Position = EpochPosition,
        Parameters = [.. _parameters.Select(p => (p.Name, (float[])p.Value.Clone()))],
        OptimizerStates = [.. _parameters.Select(p =>
        {
            var state = _optimizer.StateOf(p);
            return (state.Step, state.Buffers.Select(b => (float[])b.Clone()).ToArray());
        })],
    };

    /// <summary>Writes a checkpoint of the current state to <paramref name="path"/> (temp file + rename).</summary>
    public void Save(string path)
    {
        if (UnsavableReason() is { } reason) throw new CheckpointException(path, reason);
        Checkpoint.Write(Capture(), path);
    }

    /// <summary>Reads <paramref name="path"/> and continues from it (see <see cref="Restore"/>).</summary>
    public void Load(string path) => Restore(Checkpoint.Read(path), path);

    /// <summary>
    /// Replaces weights, optimizer (type, learning rate, state), RNG, epoch order, step and epoch
    /// with the checkpoint's. Metrics start empty. The checkpoint must come from the same
    /// architecture, batch size and training-set size, and the same run settings: schedule (kind, warm-up and,
    /// for cosine and onecycle, length), learning-rate decay, weight decay and augmentation, so that the steps
    /// after it are those the saved run would have taken.
    /// </summary>
    /// <exception cref="CheckpointException">It does not fit this session; the message says what differs.</exception>
    public void Restore(CheckpointData data, string path = "(in memory)")
    {
        if (data.Architecture != _model.Architecture)
            throw new CheckpointException(path, $"it holds another architecture ({data.ModelName}: {data.Architecture}); this session trains {Config.Model.Name}: {_model.Architecture}. Use --model {data.ModelName}.");
        if (data.LearningRateDecay != Config.LearningRateDecay)
            throw new CheckpointException(path, $"it was trained with learning-rate decay {data.LearningRateDecay}, this session uses {Config.LearningRateDecay}.");
        if (RunSettingsDiffer(data) is { } differs)
            throw new CheckpointException(path, differs);
        if (data.BatchSize != Config.BatchSize)
            throw new CheckpointException(path, $"it was trained with batch size {data.BatchSize}, this session uses {Config.BatchSize}.");
        if (data.Permutation.Length != Data.Train.Count || data.Position < 0 || data.Position > data.Permutation.Length)
            throw new CheckpointException(path, $"its epoch order covers {data.Permutation.Length:N0} training images, this data set has {Data.Train.Count:N0}; resume with the same data and --limit.");
        // Position 0 is an epoch boundary: the next batch reshuffles and starts epoch data.Epoch + 1.
        var batches = new MiniBatches(Data.Train.Count, Config.BatchSize, _rng);
        try
        {
            batches.Restore(data.Permutation, data.Position == 0 ? Data.Train.Count : data.Position,
                data.Position == 0 ? data.Epoch : data.Epoch + 1);
        }
        catch (ArgumentException e) { throw new CheckpointException(path, $"corrupted epoch order: {e.Message}", e); }
        if (data.Parameters.Count != _parameters.Length || data.OptimizerStates.Count != _parameters.Length)
            throw new CheckpointException(path, $"it holds {data.Parameters.Count} parameters, the model has {_parameters.Length}.");
        var optimizer = CreateOptimizer(data, path);
        // Check every parameter before copying any: a refused checkpoint leaves the session as it was.
        for (int i = 0; i < _parameters.Length; i++)
        {
            var (name, values) = data.Parameters[i];
            var buffers = data.OptimizerStates[i].Buffers;
            var p = _parameters[i];
            if (name != p.Name || values.Length != p.Length || buffers.Length != optimizer.StateOf(p).Buffers.Length || buffers.Any(b => b.Length != p.Length))
                throw new CheckpointException(path, $"parameter {i} is {name} ({values.Length} values), the model expects {p.Name} ({p.Length}).");
        }
        try { _rng.SetState(data.RngState); }
        catch (ArgumentException e) { throw new CheckpointException(path, $"corrupted: {e.Message}", e); }
        for (int i = 0; i < _parameters.Length; i++)
        {
            var values = data.Parameters[i].Values;
            var (updates, buffers) = data.OptimizerStates[i];
            var p = _parameters[i];
            var state = optimizer.StateOf(p);
            values.CopyTo(p.Value, 0);
            for (int k = 0; k < buffers.Length; k++) buffers[k].CopyTo(state.Buffers[k], 0);
            state.Step = updates;
        }
        foreach (var layer in _model.Layers) layer.Optimizer = optimizer;
        optimizer.WeightDecay = Config.WeightDecay;
        _optimizer = optimizer;
        _schedule = _schedule with { BaseRate = data.LearningRate };
        _batches = batches;
        Seed = data.Seed;
        StepCount = data.Step;
        Epoch = data.Epoch;
        _epochSeconds = 0;
        _lastValidationStep = data.Step;
        DivergenceMessage = null;
        _evaluator.Clear();
        Metrics.Clear(); Throughput.Clear(); Confusion.Clear(); Misclassified.Clear();
        InstallInspection(_model);   // W₀ is the loaded weights; a step in phases or a knockout is gone with the old ones
        Timeline?.Restart(this);
        Version++;
    }

    /// <summary>The first run setting in which the checkpoint and this session differ, in words; null when none does.</summary>
    private string? RunSettingsDiffer(CheckpointData data)
    {
        bool fixedLength = _schedule.Kind is Core.Optimizers.ScheduleKind.Cosine or Core.Optimizers.ScheduleKind.OneCycle;
        if (data.Schedule != _schedule.Name() || data.WarmupSteps != _schedule.WarmupSteps || (fixedLength && data.TotalSteps != _schedule.TotalSteps))
            return $"it was trained with the {data.Schedule} schedule (warm-up {data.WarmupSteps:N0}, length {data.TotalSteps:N0} steps), this session uses {_schedule.Name()} (warm-up {_schedule.WarmupSteps:N0}, length {_schedule.TotalSteps:N0} steps).";
        if (data.WeightDecay != Config.WeightDecay)
            return $"it was trained with weight decay {data.WeightDecay}, this session uses {Config.WeightDecay}.";
        if (data.Augment != Config.Augment)
            return $"it was trained with augmentation '{data.Augment}', this session uses '{Config.Augment}'.";
        return null;
    }

    private static Core.Optimizers.Optimizer CreateOptimizer(CheckpointData data, string path)
    {
        Core.Optimizers.Optimizer optimizer;
        try { optimizer = new OptimizerSpec(data.OptimizerName, data.LearningRate).Create(); }
        catch (ArgumentException e) { throw new CheckpointException(path, $"unknown optimizer: {e.Message}", e); }
        if (OptimizerSpec.Describe(optimizer) != data.OptimizerSettings)
            throw new CheckpointException(path, $"its optimizer settings '{data.OptimizerSettings}' differ from this build's '{OptimizerSpec.Describe(optimizer)}'.");
        return optimizer;
    }
}
