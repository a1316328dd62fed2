using System.Runtime.ExceptionServices;

namespace CnnViz.Core.Threading;

/// <summary>A piece of work cut into numbered chunks that may run in any order, on any thread.</summary>
public interface IChunkedWork
{
    /// <summary>Does chunk <paramref name="chunk"/> (0..chunks−1). Chunks must write disjoint memory.</summary>
    void RunChunk(int chunk);
}

/// <summary>
/// The process-wide compute threads: <see cref="Threads"/> − 1 persistent workers plus the calling thread.
/// <see cref="Run"/> hands out the chunks of one piece of work and returns when all are done.
/// <para>Determinism: how work is cut into chunks is the caller's choice and never depends on the thread
/// count; threads only decide who computes which chunk. Every chunk computes the same numbers whoever runs
/// it, and partial sums are reduced by the caller in chunk order, so results are bit-identical for any
/// <see cref="Threads"/>.</para>
/// <para>Cost: nothing is allocated per run (the work is an object the caller keeps). Idle workers spin
/// for up to ~10 ms (a training step issues a run every few tens of microseconds) and then sleep, so
/// an idle pool uses no CPU.</para>
/// </summary>
public static class WorkerPool
{
    /// <summary>Most threads a run uses; more rarely help the small nets this project trains.</summary>
    public const int MaxThreads = 16;

    /// <summary>How long an idle worker spins before it sleeps: 20,000 × Thread.SpinWait(8), about 9 ms on the 2-core dev machine.</summary>
    private const int SpinIterations = 20_000;

    private static readonly object s_lock = new();
    private static int s_threads = DefaultThreads;
    private static int s_workersStarted;

    // The current run. s_state packs (generation << 32) | (next chunk << 16) | chunk count, so one
    // compare-and-swap claims a chunk of this very run: a late worker can never take a chunk of a newer one.
    private static long s_state;
    private static IChunkedWork? s_work;
    private static int s_completed;
    private static int s_sleepers;
    private static int s_runWorkers;   // workers 0..s_runWorkers−1 take part in the current run
    private static Exception? s_failure;
    private static int s_busy;          // 1 while a run is in progress: a second caller runs its chunks inline

    /// <summary>The default: one thread per core, at most 4 (the nets here do not scale further).</summary>
    public static int DefaultThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Threads used by <see cref="Run"/> (the caller counts as one), 1..<see cref="MaxThreads"/>.</summary>
    public static int Threads
    {
        get => s_threads;
        set
        {
            if (value < 1 || value > MaxThreads)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Threads must be in 1..{MaxThreads}.");
            s_threads = value;
        }
    }

    /// <summary>
    /// Runs chunks 0..<paramref name="chunks"/>−1 of <paramref name="work"/> on up to <see cref="Threads"/> threads and
    /// waits for all of them. While one run is in progress, a run started by another thread (or from inside a
    /// chunk) simply runs its chunks one after another on its own thread: same results, no deadlock.
    /// </summary>
    public static void Run(IChunkedWork work, int chunks)
    {
        if (chunks < 1 || chunks > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(chunks), chunks, "Chunks must be in 1..65535.");
        int threads = Math.Min(s_threads, chunks);
        if (threads == 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int c = 0; c < chunks; c++) work.RunChunk(c);
            return;
        }
        try
        {
            RunOnWorkers(work, chunks, threads);
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>How many runs were shared with worker threads so far (tests use it to check that threads really ran).</summary>
    internal static long SharedRuns;

    private static void RunOnWorkers(IChunkedWork work, int chunks, int threads)
    {
        EnsureWorkers(threads - 1);
        Interlocked.Increment(ref SharedRuns);

        s_work = work;
        s_failure = null;
        s_runWorkers = threads - 1;
        Volatile.Write(ref s_completed, 0);
        long generation = (Volatile.Read(ref s_state) >> 32) + 1;
        Interlocked.Exchange(ref s_state, (generation << 32) | (uint)chunks);   // publish; full fence
        if (Volatile.Read(ref s_sleepers) > 0)
            lock (s_lock) Monitor.PulseAll(s_lock);

        RunChunks(generation);
        var spin = new SpinWait();
        while (Volatile.Read(ref s_completed) < chunks) spin.SpinOnce(sleep1Threshold: -1);
        s_work = null;
        if (s_failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();   // as if run on this thread
    }

    /// <summary>Claims and runs chunks of run <paramref name="generation"/> until none is left.</summary>
    private static void RunChunks(long generation)
    {
        while (true)
        {
            long state = Volatile.Read(ref s_state);
            int next = (int)((state >> 16) & 0xFFFF), count = (int)(state & 0xFFFF);
            if (state >> 32 != generation || next >= count) return;
            if (Interlocked.CompareExchange(ref s_state, state + (1 << 16), state) != state) continue;
            try
            {
                s_work!.RunChunk(next);   // safe: this run cannot end before our chunk completes
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref s_failure, e, null);
            }
            Interlocked.Increment(ref s_completed);
        }
    }

    /// <summary>Starts the worker threads now (a one-time allocation) rather than on the first shared run; tests that count allocations call it first.</summary>
    internal static void StartWorkers() => EnsureWorkers(s_threads - 1);

    private static void EnsureWorkers(int wanted)
    {
        if (s_workersStarted >= wanted) return;
        lock (s_lock)
        {
            while (s_workersStarted < wanted)
            {
                int index = s_workersStarted;
                var thread = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"cnnviz-worker-{index + 1}" };
                thread.Start();
                s_workersStarted++;
            }
        }
    }

    private static void WorkerLoop(int index)
    {
        long seen = Volatile.Read(ref s_state) >> 32;
        while (true)
        {
            long generation = WaitForNewRun(seen);
            seen = generation;
            if (index < Volatile.Read(ref s_runWorkers)) RunChunks(generation);
        }
    }

    /// <summary>Spins briefly, then sleeps, until a run newer than <paramref name="seen"/> is published.</summary>
    private static long WaitForNewRun(long seen)
    {
        for (int i = 0; i < SpinIterations; i++)
        {
            long g = Volatile.Read(ref s_state) >> 32;
            if (g != seen) return g;
            Thread.SpinWait(8);
        }
        lock (s_lock)
        {
            Interlocked.Increment(ref s_sleepers);   // full fence: Run either sees us asleep or we see its run
            long g;
            while ((g = Volatile.Read(ref s_state) >> 32) == seen) Monitor.Wait(s_lock);
            Interlocked.Decrement(ref s_sleepers);
            return g;
        }
    }
}
