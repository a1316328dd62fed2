using CnnViz.Engine.Evaluation;

namespace CnnViz.Engine.Compare;

/// <summary>
/// Where the two runs part ways on held-out digits: the images of the held-out subset (the same first images of the
/// test set for both runs' <see cref="HeldOutMonitor"/>) whose latest prediction is right in exactly one run.
/// Recomputed only when either monitor moved; the index buffers are allocated once.
/// </summary>
public sealed class HeldOutDifference
{
    private readonly HeldOutMonitor _a, _b;
    private readonly int[] _onlyA, _onlyB;     // subset indices, in index order
    private long _seenA = -1, _seenB = -1;

    internal HeldOutDifference(HeldOutMonitor a, HeldOutMonitor b)
    {
        if (a.Set != b.Set || a.Subset != b.Subset) throw new ArgumentException("Both monitors must score the same held-out subset.");
        (_a, _b) = (a, b);
        _onlyA = new int[a.Subset];
        _onlyB = new int[a.Subset];
    }

    /// <summary>Held-out indices A gets right and B wrong (latest predictions of both).</summary>
    public ReadOnlySpan<int> OnlyA => _onlyA.AsSpan(0, OnlyACount);
    /// <summary>Held-out indices B gets right and A wrong.</summary>
    public ReadOnlySpan<int> OnlyB => _onlyB.AsSpan(0, OnlyBCount);
    public int OnlyACount { get; private set; }
    public int OnlyBCount { get; private set; }
    /// <summary>Images scored by both runs.</summary>
    public int Compared { get; private set; }
    public HeldOutMonitor A => _a;
    public HeldOutMonitor B => _b;

    /// <summary>Bumps when the lists changed.</summary>
    public long Version { get; private set; }

    internal void Update()
    {
        if (_a.Version == _seenA && _b.Version == _seenB) return;
        (_seenA, _seenB) = (_a.Version, _b.Version);
        int onlyA = 0, onlyB = 0, compared = 0;
        var labels = _a.Set.Labels;
        for (int i = 0; i < _a.Subset; i++)
        {
            int pa = _a.Prediction(i), pb = _b.Prediction(i);
            if (pa < 0 || pb < 0) continue;
            compared++;
            bool ra = pa == labels[i], rb = pb == labels[i];
            if (ra && !rb) _onlyA[onlyA++] = i;
            else if (rb && !ra) _onlyB[onlyB++] = i;
        }
        (OnlyACount, OnlyBCount, Compared) = (onlyA, onlyB, compared);
        Version++;
    }
}
