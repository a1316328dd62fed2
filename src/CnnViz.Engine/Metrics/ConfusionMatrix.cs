namespace CnnViz.Engine.Metrics;

/// <summary>
/// Confusion matrix over a rolling window of the most recent training samples:
/// <c>Count(truth, predicted)</c> counts how many of the last <see cref="Window"/> images of class
/// <c>truth</c> the model (at the time it saw them) predicted as <c>predicted</c>.
/// The window is a ring of (truth, prediction) pairs; adding one subtracts the oldest, so no recount.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] _counts;      // (K, K), row = truth, column = prediction
    private readonly byte[] _truth, _predicted;
    private int _next;

    public ConfusionMatrix(int classes, int window)
    {
        if (classes < 2 || classes > 256) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Classes must be in 2..256.");
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "The window must hold at least one sample.");
        Classes = classes;
        Window = window;
        _counts = new int[classes * classes];
        _truth = new byte[window];
        _predicted = new byte[window];
    }

    /// <summary>K.</summary>
    public int Classes { get; }

    /// <summary>How many recent samples the matrix covers at most.</summary>
    public int Window { get; }

    /// <summary>How many samples it covers now (≤ Window).</summary>
    public int Total { get; private set; }

    /// <summary>The K×K counts, row-major: index truth·K + predicted.</summary>
    public ReadOnlySpan<int> Counts => _counts;

    public int Count(int truth, int predicted) => _counts[truth * Classes + predicted];

    /// <summary>Largest cell, for scaling a heat map.</summary>
    public int Max
    {
        get
        {
            int max = 0;
            foreach (int c in _counts) max = Math.Max(max, c);
            return max;
        }
    }

    internal void Add(int truth, int predicted)
    {
        if (Total == Window)
            _counts[_truth[_next] * Classes + _predicted[_next]]--;
        else
            Total++;
        _truth[_next] = (byte)truth;
        _predicted[_next] = (byte)predicted;
        _counts[truth * Classes + predicted]++;
        _next = (_next + 1) % Window;
    }

    internal void Clear()
    {
        Array.Clear(_counts);
        Total = 0;
        _next = 0;
    }
}
