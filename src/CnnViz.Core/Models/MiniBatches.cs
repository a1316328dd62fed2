namespace CnnViz.Core.Models;

/// <summary>
/// Splits sample indices 0..N−1 into mini-batches of B, reshuffled at the start of every epoch with a
/// seeded <see cref="Rng"/>: each index appears exactly once per epoch; the last batch of an epoch holds
/// the N mod B leftovers (when N is not a multiple of B). The permutation lives in one reused int[]
/// (each epoch shuffles the previous epoch's order); <see cref="Next"/> returns a slice of it, so nothing
/// is allocated per batch. <see cref="Order"/>, <see cref="Position"/> and <see cref="Restore"/> let a
/// checkpoint carry the order and resume in the middle of an epoch.
/// <code>
/// var batches = new MiniBatches(count: 60_000, batchSize: 64, new Rng(seed));
/// for (int b = 0; b &lt; batches.BatchesPerEpoch; b++) { ReadOnlySpan&lt;int&gt; indices = batches.Next(); … }
/// </code>
/// </summary>
public sealed class MiniBatches
{
    private readonly int[] _order;   // (N): the current epoch's permutation of 0..N−1
    private readonly Rng _rng;
    private int _position;           // start of the next batch in _order; N when the epoch is used up

    /// <param name="count">N, the number of samples.</param>
    /// <param name="batchSize">B, samples per batch (the last batch of an epoch may hold fewer).</param>
    /// <param name="rng">Draws the shuffles; the caller may save and restore its state.</param>
    /// <exception cref="ArgumentOutOfRangeException">count or batchSize is below 1.</exception>
    public MiniBatches(int count, int batchSize, Rng rng)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "There must be at least one sample to batch.");
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Batch size must be at least 1 (got {batchSize}).");
        Count = count;
        BatchSize = batchSize;
        _rng = rng;
        _order = new int[count];
        for (int i = 0; i < count; i++) _order[i] = i;
        _position = count; // the first Next() starts epoch 1
    }

    public MiniBatches(int count, int batchSize, ulong seed) : this(count, batchSize, new Rng(seed)) { }

    /// <summary>N.</summary>
    public int Count { get; }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>⌈N / B⌉.</summary>
    public int BatchesPerEpoch => BatchesFor(Count, BatchSize);

    /// <summary>⌈count / batchSize⌉: the batches of one epoch, before any MiniBatches exists.</summary>
    public static int BatchesFor(int count, int batchSize) => (count + batchSize - 1) / batchSize;

    /// <summary>The epoch the last batch came from: 1 for the first epoch, 0 before any batch.</summary>
    public int Epoch { get; private set; }

    /// <summary>Position of the last batch within its epoch: 1..BatchesPerEpoch (0 before any batch).</summary>
    public int BatchInEpoch { get; private set; }

    /// <summary>Batches handed out since construction.</summary>
    public long TotalBatches { get; private set; }

    /// <summary>True when the last batch was the final one of its epoch.</summary>
    public bool EpochComplete => _position == Count && Epoch > 0;

    /// <summary>This epoch's order of the samples (valid once the epoch has started).</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Index into <see cref="Order"/> where the next batch starts; N once the epoch is used up.</summary>
    public int Position => _position;

    /// <summary>
    /// Continues from a saved <see cref="Order"/>, <see cref="Position"/> and <see cref="Epoch"/> (the Rng's
    /// state is the caller's to restore), so the following batches are the ones the saved run would have drawn.
    /// </summary>
    /// <exception cref="ArgumentException">order is not a permutation of 0..N−1, or position/epoch is out of range.</exception>
    public void Restore(ReadOnlySpan<int> order, int position, int epoch)
    {
        if (order.Length != Count)
            throw new ArgumentException($"The saved order covers {order.Length} samples, this set has {Count}.", nameof(order));
        if (position < 0 || position > Count || epoch < 0 || (epoch == 0 && position != Count))
            throw new ArgumentException($"Position {position} in epoch {epoch} is not a place an order of {Count} can be in.", nameof(position));
        var seen = new bool[Count];
        foreach (int i in order)
        {
            if ((uint)i >= (uint)Count || seen[i])
                throw new ArgumentException($"The saved order is not a permutation of 0..{Count - 1} (index {i}).", nameof(order));
            seen[i] = true;
        }
        order.CopyTo(_order);
        _position = position;
        Epoch = epoch;
        BatchInEpoch = (position + BatchSize - 1) / BatchSize;
    }

    /// <summary>
    /// The next batch's sample indices: B of them, or fewer for the last batch of an epoch. After the last
    /// batch, the next call reshuffles and starts a new epoch. The span is valid until the epoch ends.
    /// </summary>
    public ReadOnlySpan<int> Next()
    {
        if (_position == Count) StartEpoch();
        int size = Math.Min(BatchSize, Count - _position);
        var batch = new ReadOnlySpan<int>(_order, _position, size);
        _position += size;
        BatchInEpoch++;
        TotalBatches++;
        return batch;
    }

    private void StartEpoch()
    {
        _rng.Shuffle(_order);
        _position = 0;
        Epoch++;
        BatchInEpoch = 0;
    }
}
