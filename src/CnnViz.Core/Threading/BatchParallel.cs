namespace CnnViz.Core.Threading;

/// <summary>
/// Cuts a range of n items (usually the samples of a batch) into a fixed number of contiguous chunks and
/// runs a body on each through the <see cref="WorkerPool"/>. The cut depends only on n, never on the
/// thread count, so a layer that keeps one partial gradient per chunk and adds them up in chunk order gets
/// bit-identical results with 1 or many threads.
/// <code>
/// _forward = new BatchParallel(ForwardRange);   // once, in the constructor: no allocation per step
/// _forward.Run(x.Count);                        // ForwardRange(chunk, first, count) for each chunk
/// </code>
/// </summary>
public sealed class BatchParallel(BatchParallel.Body body) : IChunkedWork
{
    /// <summary>Work on items first..first+count−1, as chunk number <paramref name="chunk"/> (0..<see cref="MaxChunks"/>−1).</summary>
    public delegate void Body(int chunk, int first, int count);

    /// <summary>Chunks per run: enough to keep several cores busy and balanced, few enough that per-chunk gradients stay cheap to add.</summary>
    public const int MaxChunks = 8;

    private int _items, _chunks;

    /// <summary>How many chunks n items are cut into: min(n, <see cref="MaxChunks"/>).</summary>
    public static int ChunkCount(int items) => Math.Min(items, MaxChunks);

    /// <summary>Below this many multiply-adds (or element operations) a run stays on the calling thread: waking a worker costs more.</summary>
    public const long MinParallelWork = 32_768;

    /// <summary>
    /// Runs the body over items 0..<paramref name="items"/>−1 and returns when every chunk is done.
    /// <paramref name="work"/> estimates the whole run's cost (e.g. multiply-adds); small runs go through the
    /// same chunks on the calling thread, so the results are the same either way.
    /// </summary>
    public void Run(int items, long work = long.MaxValue)
    {
        if (items < 1) return;
        _items = items;
        _chunks = ChunkCount(items);
        if (work < MinParallelWork)
            for (int c = 0; c < _chunks; c++) ((IChunkedWork)this).RunChunk(c);
        else
            WorkerPool.Run(this, _chunks);
    }

    void IChunkedWork.RunChunk(int chunk)
    {
        var (first, count) = ChunkRange(chunk, _items);
        body(chunk, first, count);
    }

    /// <summary>The items of chunk <paramref name="chunk"/> of <paramref name="items"/>: from ⌊chunk·n / chunks⌋ up to the next chunk's first.</summary>
    public static (int First, int Count) ChunkRange(int chunk, int items)
    {
        int chunks = ChunkCount(items);
        int first = (int)((long)chunk * items / chunks);
        int end = (int)((long)(chunk + 1) * items / chunks);
        return (first, end - first);
    }
}
