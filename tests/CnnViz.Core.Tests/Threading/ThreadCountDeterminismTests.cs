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
    [InlineData(16, false)]   // 8 chunks of 2 samples
    [InlineData(13, false)]   // uneven chunks
    [InlineData(3, false)]    // fewer samples than chunks
    [InlineData(13, true)]    // the 1998 net: Tanh and AveragePool2D too
    public void Training_GivesBitIdenticalWeights_With1And2Threads(int batchSize, bool classic)
    {
        float[] oneThread = TrainAndReadWeights(threads: 1, batchSize, classic);
        long sharedBefore = Interlocked.Read(ref WorkerPool.SharedRuns);
        float[] twoThreads = TrainAndReadWeights(threads: 2, batchSize, classic);
        Assert.True(Interlocked.Read(ref WorkerPool.SharedRuns) > sharedBefore, "no run was shared with a worker thread");
        AssertBitIdentical(oneThread, twoThreads, "weight");
    }

    /// <summary>
    /// Every layer gets the batch-parallel runs from the Layer base, not only the ones that once had their own:
    /// a big enough batch is shared with a worker thread, and the output and input gradient do not change by a bit.
    /// </summary>
    [Theory]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("avgpool")]
    [InlineData("maxpool")]
    [InlineData("relu")]
    public void ElementwiseAndPoolingLayers_RunOnTheWorkerThreads_WithIdenticalResults(string kind)
    {
        var (oneOut, oneGrad, _) = ForwardBackward(kind, threads: 1);
        long shared = 0;
        // A run finding the pool busy (another test class training at the same time) runs inline: try a few times.
        for (int attempt = 0; attempt < 20 && shared < 2; attempt++)
        {
            var (twoOut, twoGrad, runs) = ForwardBackward(kind, threads: 2);
            AssertBitIdentical(oneOut, twoOut, $"{kind} output");
            AssertBitIdentical(oneGrad, twoGrad, $"{kind} input gradient");
            shared = runs;
        }
        Assert.True(shared >= 2, $"{kind}: {shared} of its forward and backward runs were shared with a worker thread, expected both");
    }

    private static (float[] Output, float[] InputGrad, long SharedRuns) ForwardBackward(string kind, int threads)
    {
        Layers.Layer layer = kind switch
        {
            "tanh" => new Layers.Tanh(),
            "sigmoid" => new Layers.Sigmoid(),
            "avgpool" => new Layers.AveragePool2D(2),
            "maxpool" => new Layers.MaxPool2D(2),
            _ => new Layers.ReLU(),
        };
        const int batch = 24;                                     // 24 × 2×28×28 = 37,632 elements: above MinParallelWork
        var shape = new SampleShape(2, 28, 28);
        layer.Build(shape, batch, new Rng(1));
        var rng = new Rng(2);
        var x = new Batch(shape, batch);
        for (int i = 0; i < x.Span.Length; i++) x.Span[i] = (float)(rng.NextDouble() * 4 - 2);
        var dy = new Batch(layer.OutputShape, batch);
        for (int i = 0; i < dy.Span.Length; i++) dy.Span[i] = (float)(rng.NextDouble() - 0.5);
        int previous = WorkerPool.Threads;
        WorkerPool.Threads = threads;
        try
        {
            long before = Interlocked.Read(ref WorkerPool.SharedRuns);
            float[] output = layer.Forward(x).Span.ToArray();
            float[] inputGrad = layer.Backward(dy).Span.ToArray();
            return (output, inputGrad, Interlocked.Read(ref WorkerPool.SharedRuns) - before);
        }
        finally
        {
            WorkerPool.Threads = previous;
        }
    }

    private static void AssertBitIdentical(float[] one, float[] two, string what)
    {
        Assert.Equal(one.Length, two.Length);
        for (int i = 0; i < one.Length; i++)
            if (BitConverter.SingleToInt32Bits(one[i]) != BitConverter.SingleToInt32Bits(two[i]))
                Assert.Fail($"{what} {i}: {one[i]:R} with 1 thread, {two[i]:R} with 2");
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

    private static float[] TrainAndReadWeights(int threads, int batchSize, bool classic)
    {
        int previous = WorkerPool.Threads;
        WorkerPool.Threads = threads;
        try
        {
            var model = (classic ? LeNet5.Classic1998() : LeNet5.Modern()).Build(batchSize, new Rng(9), new Momentum(0.05f));
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
