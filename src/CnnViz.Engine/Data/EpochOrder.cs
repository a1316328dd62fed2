using CnnViz.Core;

namespace CnnViz.Engine.Data;

/// <summary>
/// The order in which one epoch visits the training images: a permutation of 0..Count−1,
/// reshuffled (Fisher–Yates, from the session's RNG) when an epoch starts, and the position of
/// the next mini-batch in it. Every image is seen exactly once per epoch; the last batch of an
/// epoch may be smaller. Both the permutation and the position go into checkpoints.
/// </summary>
internal sealed class EpochOrder
{
    public EpochOrder(int count)
    {
        if (count < 1) throw new ArgumentException("The training set is empty.", nameof(count));
        Permutation = new int[count];
        for (int i = 0; i < count; i++) Permutation[i] = i;
    }

    public int[] Permutation { get; }

    /// <summary>Index into <see cref="Permutation"/> of the next image; 0 = the epoch has not started.</summary>
    public int Position { get; set; }

    public int Count => Permutation.Length;

    /// <summary>The next batch's image indices (at most <paramref name="batchSize"/>), shuffling first when a new epoch starts.</summary>
    public ReadOnlySpan<int> Next(int batchSize, Rng rng)
    {
        if (Position == 0) rng.Shuffle(Permutation);
        int n = Math.Min(batchSize, Count - Position);
        var indices = Permutation.AsSpan(Position, n);
        Position += n;
        return indices;
    }

    /// <summary>True after the batch that finished the epoch; resets the position for the next one.</summary>
    public bool TryEndEpoch()
    {
        if (Position < Count) return false;
        Position = 0;
        return true;
    }
}
