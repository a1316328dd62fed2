using CnnViz.Engine.Evaluation;
using CnnViz.Engine.Metrics;

namespace CnnViz.Engine;

// Validation and test evaluation, in slices, on a frozen copy of the weights.
public sealed partial class TrainingSession
{
    private void QueueEvaluation(bool test)
    {
        _evaluator.Snapshot(_parameters);
        if (Data.Validation is not null) _evaluator.Enqueue(Data.Validation, EvaluationSet.Validation, StepCount, Epoch);
        if (test) _evaluator.Enqueue(Data.Test, EvaluationSet.Test, StepCount, Epoch);
        _lastValidationStep = StepCount;
    }

    /// <summary>True while validation/test passes are queued or partly done.</summary>
    public bool HasPendingEvaluation => _evaluator.HasPending;

    /// <summary>
    /// Evaluates at most <paramref name="maxImages"/> images of the pending validation/test passes
    /// (the window calls this once per frame with a small budget). Returns how many it evaluated.
    /// </summary>
    public int Evaluate(int maxImages)
    {
        if (maxImages < 1) throw new ArgumentOutOfRangeException(nameof(maxImages), maxImages, "Evaluate at least one image per call.");
        int done = _evaluator.Advance(maxImages, _onEvaluated);
        if (done > 0) Version++;
        return done;
    }

    /// <summary>Runs every pending evaluation to completion.</summary>
    public void FinishEvaluations()
    {
        while (_evaluator.HasPending) Evaluate(int.MaxValue);
    }

    /// <summary>Scores the whole test set with the current weights, now (pending passes finish first).</summary>
    public EvaluationPoint EvaluateTest()
    {
        FinishEvaluations();
        _evaluator.Snapshot(_parameters);
        _evaluator.Enqueue(Data.Test, EvaluationSet.Test, StepCount, Epoch);
        EvaluationPoint result = default;
        _evaluator.Advance(int.MaxValue, (_, point) => result = point);
        return result;
    }

    private void OnEvaluated(EvaluationSet set, EvaluationPoint point)
    {
        EpochRecord? epoch = null;
        var epochs = Metrics.Epochs;
        if (epochs.Count > 0 && epochs[^1].EndStep == point.Step) epoch = epochs[^1];
        if (set == EvaluationSet.Validation)
        {
            Metrics.AddValidation(point);
            if (epoch is not null) epoch.Validation = point;
        }
        else if (epoch is not null) epoch.Test = point;
    }
}
