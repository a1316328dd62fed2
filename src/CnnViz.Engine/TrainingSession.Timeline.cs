using CnnViz.Engine.Timelines;

namespace CnnViz.Engine;

// Going back and forth in the run's own past (see Timeline): in-memory snapshots, seek, branches.
public sealed partial class TrainingSession
{
    /// <summary>The run's snapshots; null when <see cref="SessionConfig.SnapshotEvery"/> is 0.</summary>
    public Timelines.Timeline? Timeline { get; private set; }

    private void CreateTimeline()
    {
        if (Config.SnapshotEvery == 0) return;
        long bytes = Snapshot.SizeOf(_parameters, _optimizer, Data.Train.Count);
        Timeline = new Timelines.Timeline(Config.SnapshotEvery, Config.SnapshotBudgetBytes, bytes);
        Timeline.Restart(this);
    }

    internal Snapshot NewSnapshot() => new(_parameters, _optimizer, Data.Train.Count);

    /// <summary>Copies the whole training state into <paramref name="s"/>'s buffers (allocates nothing).</summary>
    internal void CaptureInto(Snapshot s)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            p.Value.AsSpan().CopyTo(s.Values[i]);
            var state = _optimizer.StateOf(p);
            for (int k = 0; k < state.Buffers.Length; k++) state.Buffers[k].AsSpan().CopyTo(s.OptimizerBuffers[i][k]);
            s.OptimizerSteps[i] = state.Step;
        }
        _rng.CopyState(s.RngState);
        _batches.Order.CopyTo(s.Order);
        s.Position = _batches.Position;
        s.BatchesEpoch = _batches.Epoch;
        s.Step = StepCount;
        s.Epoch = Epoch;
        s.Schedule = _schedule;   // immutable: a reference, no copy
        s.LastValidationStep = _lastValidationStep;
        Metrics.SaveTo(s.Metrics);
    }

    private void RestoreFrom(Snapshot s)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            s.Values[i].CopyTo(p.Value, 0);
            var state = _optimizer.StateOf(p);
            for (int k = 0; k < state.Buffers.Length; k++) s.OptimizerBuffers[i][k].CopyTo(state.Buffers[k], 0);
            state.Step = s.OptimizerSteps[i];
        }
        _rng.SetState(s.RngState);
        _batches.Restore(s.Order, s.Position, s.BatchesEpoch);
        StepCount = s.Step;
        Epoch = s.Epoch;
        _schedule = s.Schedule!;
        _optimizer.LearningRate = _schedule.RateAt(StepCount);
        _lastValidationStep = s.LastValidationStep;
        _epochSeconds = 0;
        DivergenceMessage = null;
        _evaluator.Clear();
        Metrics.RewindTo(s.Metrics);
        Confusion.Clear(); Misclassified.Clear();
        Version++;
    }

    /// <summary>
    /// Moves the run to <paramref name="step"/>: back by restoring the newest snapshot at or before it and
    /// replaying from there, ahead by training on. Replayed steps are bit for bit the ones trained the first
    /// time, and the metrics (the graphs) always end at the current step. Returns the step reached
    /// (less than asked when the run finishes or diverges first).
    /// </summary>
    /// <exception cref="InvalidOperationException">The session keeps no timeline (SnapshotEvery is 0).</exception>
    public long Seek(long step)
    {
        if (Timeline is null) throw new InvalidOperationException("This run keeps no timeline (SessionConfig.SnapshotEvery is 0).");
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var snapshot = Timeline.Before(step, StepCount);
        if (snapshot is not null) RestoreFrom(snapshot);
        while (StepCount < step && Step()) { }
        return StepCount;
    }
}
