using System.Runtime.InteropServices;

namespace CnnViz.Engine.Metrics;

/// <summary>One trained mini-batch: its loss and accuracy, and running averages over the last steps.</summary>
/// <param name="Step">1-based number of the step (the first trained batch is step 1).</param>
/// <param name="Loss">Mean cross-entropy of the batch.</param>
/// <param name="Accuracy">Fraction of the batch classified correctly, 0..1.</param>
/// <param name="SmoothedLoss">Mean loss of the last <see cref="MetricsHistory.SmoothingWindow"/> steps.</param>
/// <param name="SmoothedAccuracy">Mean batch accuracy over the same window.</param>
public readonly record struct StepPoint(long Step, float Loss, float Accuracy, float SmoothedLoss, float SmoothedAccuracy);

/// <summary>An evaluation of the whole validation (or test) set with the weights of step <paramref name="Step"/>.</summary>
public readonly record struct EvaluationPoint(long Step, int Epoch, float Loss, float Accuracy, int Images);

/// <summary>Summary of one finished epoch (the numbers the assignment plots and the report lists).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="EndStep">The step that finished the epoch.</param>
/// <param name="TrainLoss">Mean loss over the epoch's training batches (weighted by batch size).</param>
/// <param name="TrainAccuracy">Fraction of the epoch's training images classified correctly while training.</param>
/// <param name="Validation">The validation set evaluated with the weights at the end of the epoch (null: no validation split).</param>
/// <param name="Test">The test set evaluated with the same weights (null until the evaluation finishes).</param>
/// <param name="Seconds">Wall-clock seconds spent training this epoch (evaluation excluded).</param>
public sealed record EpochRecord(int Epoch, long EndStep, float TrainLoss, float TrainAccuracy, double Seconds)
{
    public EvaluationPoint? Validation { get; internal set; }
    public EvaluationPoint? Test { get; internal set; }
}

/// <summary>
/// Everything a training run has measured so far, for the live graphs, the report and the plot.
/// Lists only grow (amortized doubling, capacity reserved up front); read them between steps.
/// </summary>
public sealed class MetricsHistory
{
    /// <summary>Running averages are taken over this many most recent steps.</summary>
    public const int SmoothingWindow = 50;

    private readonly List<StepPoint> _steps = new(4096);
    private readonly List<EvaluationPoint> _validation = new(256);
    private readonly List<EpochRecord> _epochs = new(64);
    private readonly float[] _recentLoss = new float[SmoothingWindow];
    private readonly float[] _recentAccuracy = new float[SmoothingWindow];
    private int _recentCount, _recentNext;
    private double _epochLossSum, _epochCorrect;
    private int _epochImages;

    /// <summary>Every trained step in order; <c>Steps[i].Step</c> may start above 1 after a checkpoint was loaded.</summary>
    public ReadOnlySpan<StepPoint> Steps => CollectionsMarshal.AsSpan(_steps);

    /// <summary>Validation-set evaluations, in step order (periodic ones and one at each epoch end).</summary>
    public ReadOnlySpan<EvaluationPoint> Validation => CollectionsMarshal.AsSpan(_validation);

    /// <summary>Finished epochs, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>The latest step, or null before the first.</summary>
    public StepPoint? Last => _steps.Count == 0 ? null : _steps[^1];

    internal void AddStep(long step, float loss, int correct, int images)
    {
        float accuracy = (float)correct / images;
        _recentLoss[_recentNext] = loss;
        _recentAccuracy[_recentNext] = accuracy;
        _recentNext = (_recentNext + 1) % SmoothingWindow;
        _recentCount = Math.Min(_recentCount + 1, SmoothingWindow);
        float meanLoss = 0, meanAccuracy = 0;
        for (int i = 0; i < _recentCount; i++) { meanLoss += _recentLoss[i]; meanAccuracy += _recentAccuracy[i]; }
        _steps.Add(new StepPoint(step, loss, accuracy, meanLoss / _recentCount, meanAccuracy / _recentCount));
        _epochLossSum += (double)loss * images;
        _epochCorrect += correct;
        _epochImages += images;
    }

    internal EpochRecord EndEpoch(int epoch, long step, double seconds)
    {
        var record = new EpochRecord(epoch, step,
            _epochImages == 0 ? float.NaN : (float)(_epochLossSum / _epochImages),
            _epochImages == 0 ? float.NaN : (float)(_epochCorrect / _epochImages), seconds);
        _epochs.Add(record);
        _epochLossSum = 0; _epochCorrect = 0; _epochImages = 0;
        return record;
    }

    internal void AddValidation(EvaluationPoint point) => _validation.Add(point);

    /// <summary>Where the lists and running sums stood at one step (a timeline snapshot); reused in place.</summary>
    internal sealed class Mark
    {
        public const long Bytes = 2 * SmoothingWindow * sizeof(float) + 64;
        public readonly float[] RecentLoss = new float[SmoothingWindow], RecentAccuracy = new float[SmoothingWindow];
        public int Steps, Validations, Epochs, RecentCount, RecentNext, EpochImages;
        public double EpochLossSum, EpochCorrect;
    }

    internal void SaveTo(Mark mark)
    {
        (mark.Steps, mark.Validations, mark.Epochs) = (_steps.Count, _validation.Count, _epochs.Count);
        (mark.RecentCount, mark.RecentNext, mark.EpochImages) = (_recentCount, _recentNext, _epochImages);
        (mark.EpochLossSum, mark.EpochCorrect) = (_epochLossSum, _epochCorrect);
        _recentLoss.CopyTo(mark.RecentLoss, 0);
        _recentAccuracy.CopyTo(mark.RecentAccuracy, 0);
    }

    /// <summary>Back to a mark taken earlier on this same history: later points are dropped (the timeline replays them).</summary>
    internal void RewindTo(Mark mark)
    {
        _steps.RemoveRange(Math.Min(mark.Steps, _steps.Count), Math.Max(0, _steps.Count - mark.Steps));
        // Validation passes finish a few frames after their step: drop those whose weights lie past the mark too.
        int validations = Math.Min(mark.Validations, _validation.Count);
        long last = mark.Steps == 0 ? 0 : _steps[^1].Step;
        while (validations > 0 && _validation[validations - 1].Step > last) validations--;
        _validation.RemoveRange(validations, _validation.Count - validations);
        _epochs.RemoveRange(Math.Min(mark.Epochs, _epochs.Count), Math.Max(0, _epochs.Count - mark.Epochs));
        (_recentCount, _recentNext, _epochImages) = (mark.RecentCount, mark.RecentNext, mark.EpochImages);
        (_epochLossSum, _epochCorrect) = (mark.EpochLossSum, mark.EpochCorrect);
        mark.RecentLoss.CopyTo(_recentLoss, 0);
        mark.RecentAccuracy.CopyTo(_recentAccuracy, 0);
    }

    internal void Clear()
    {
        _steps.Clear(); _validation.Clear(); _epochs.Clear();
        _recentCount = 0; _recentNext = 0;
        Array.Clear(_recentLoss); Array.Clear(_recentAccuracy);
        _epochLossSum = 0; _epochCorrect = 0; _epochImages = 0;
    }
}
