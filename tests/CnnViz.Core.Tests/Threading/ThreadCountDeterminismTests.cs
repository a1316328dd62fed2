using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Tests.Threading;

/// <summary>
/// Splitting work over threads must not change a single bit: the batch is cut into chunks that do not
/// depend on the thread count, and per-chunk gradients are added in chunk order.
/// </summary>
public class ThreadCountDeterminismTests
{
    [Theory]
    [InlineData(16)]   // 8 chunks of 2 samples
    [InlineData(13)]   // uneven chunks
    [InlineData(3)]    // fewer samples than chunks
    public void Training_GivesBitIdenticalWeights_With1And2Threads(int batchSize)
    {
        float[] oneThread = TrainAndReadWeights(threads: 1, batchSize);
        long sharedBefore = Interlocked.Read(ref WorkerPool.SharedRuns);
        float[] twoThreads = TrainAndReadWeights(threads: 2, batchSize);
        Assert.True(Interlocked.Read(ref WorkerPool.SharedRuns) > sharedBefore, "no run was shared with a worker thread");
        Assert.Equal(oneThread.Length, twoThreads.Length);
        for (int i = 0; i < oneThread.Length; i++)
            if (BitConverter.SingleToInt32Bits(oneThread[i]) != BitConverter.SingleToInt32Bits(twoThreads[i]))
                Assert.Fail($"weight {i}: {oneThread[i]:R} with 1 thread, {twoThreads[i]:R} with 2");
    }

    [Fact]
    public void WorkerPool_RunsEveryChunkOnce_AndReportsFailures()
    {
        int previous = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 2;
            var counter = new CountingWork(37);
            for (int r = 0; r < 50; r++) WorkerPool.Run(counter, 37);
            Assert.All(counter.Counts, c => Assert.Equal(50, c));
            Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(new FailingWork(), 4));
        }
        finally
        {
            WorkerPool.Threads = previous;
        }
    }

    private static float[] TrainAndReadWeights(int threads, int batchSize)
    {
        int previous = WorkerPool.Threads;
        WorkerPool.Threads = threads;
        try
        {
            var model = LeNet5.Modern().Build(batchSize, new Rng(9), new Momentum(0.05f));
            var rng = new Rng(10);
            var x = new Batch(model.InputShape, batchSize);
            var labels = new int[batchSize];
            for (int step = 0; step < 4; step++)
            {
                Span<float> data = x.Span;
                for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
                for (int i = 0; i < batchSize; i++) labels[i] = rng.NextInt(10);
                model.ForwardLoss(x, labels);
                model.Backward();
                model.Update();
            }
            return model.Parameters.SelectMany(p => p.Value).ToArray();
        }
        finally
        {
            WorkerPool.Threads = previous;
        }
    }

    private sealed class CountingWork(int chunks) : IChunkedWork
    {
        public int[] Counts { get; } = new int[chunks];
        public void RunChunk(int chunk) => Interlocked.Increment(ref Counts[chunk]);
    }

    private sealed class FailingWork : IChunkedWork
    {
        public void RunChunk(int chunk)
        {
            if (chunk == 2) throw new InvalidOperationException("chunk 2 fails");
        }
    }
}
