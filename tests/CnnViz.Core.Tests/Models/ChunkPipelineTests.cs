using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Tests.Models;

/// <summary>
/// Sequential runs its leading per-sample layers chunk by chunk (ChunkPipeline); that must give, bit for bit, what
/// calling every layer's Forward and Backward in turn gives (which is what the window's phase stepping does).
/// </summary>
public class ChunkPipelineTests
{
    [Theory]
    [InlineData(64, false, 2)]   // LeNet-5 as benchmarked: 8 chunks of 8
    [InlineData(13, false, 2)]   // uneven chunks
    [InlineData(100, false, 2)]  // chunks of 12 and 13 samples: forward takes them 8 samples at a time
    [InlineData(3, true, 1)]     // fewer samples than chunks; the 1998 net (tanh, average pooling)
    public void Sequential_MatchesLayerByLayer_BitForBit(int batch, bool classic, int threads)
    {
        Sequential Model() => (classic ? LeNet5.Classic1998() : LeNet5.Modern()).Build(batch, new Rng(4), new Momentum(0.05f));
        Sequential chunked = Model(), layered = Model();
        var rng = new Rng(5);
        var x = new Batch(chunked.InputShape, batch);
        for (int i = 0; i < x.Span.Length; i++) x.Span[i] = (float)rng.NextDouble();
        int[] labels = Enumerable.Range(0, batch).Select(i => i % 10).ToArray();

        int previous = WorkerPool.Threads;
        WorkerPool.Threads = threads;
        try
        {
            for (int step = 0; step < 2; step++)   // the second step: conv's kept im2col columns
            {
                chunked.TrainStep(x, labels, out _);

                Batch a = x;
                foreach (var layer in layered.Layers) a = layer.Forward(a);
                layered.Loss.Forward(a, labels);
                Batch grad = layered.Loss.Backward();
                for (int i = layered.Layers.Count - 1; i >= 0; i--) grad = layered.Layers[i].Backward(grad);
                layered.Update();

                for (int l = 0; l < chunked.Layers.Count; l++)
                {
                    Layer c = chunked.Layers[l], s = layered.Layers[l];
                    AssertBitIdentical(s.Output.Span, c.Output.Span, $"step {step} {c.Name} output");
                    if (c.NeedsInputGrad) AssertBitIdentical(s.InputGrad.Span, c.InputGrad.Span, $"step {step} {c.Name} dL/dx");
                    for (int p = 0; p < c.Parameters.Count; p++)
                    {
                        AssertBitIdentical(s.Parameters[p].Grad, c.Parameters[p].Grad, $"step {step} {c.Parameters[p].Name} gradient");
                        AssertBitIdentical(s.Parameters[p].Value, c.Parameters[p].Value, $"step {step} {c.Parameters[p].Name}");
                    }
                }
            }
        }
        finally
        {
            WorkerPool.Threads = previous;
        }
    }

    [Fact]
    public void ALayerThatIsNotPerSample_EndsThePipeline()
    {
        // Dense works on the whole batch at once: only conv1..flatten (7 layers) may run chunk by chunk.
        var model = LeNet5.Modern().Build(4, new Rng(1), new Momentum(0.1f));
        Assert.Equal(7, model.Layers.TakeWhile(l => l.ChunksArePerSample).Count());
        Assert.False(model["fc1"].ChunksArePerSample);
        Assert.False(new Conv2dNaive(2, 3).ChunksArePerSample);   // runs its own ForwardCore
    }

    private static void AssertBitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what} [{i}]: {actual[i]:R} chunk by chunk, {expected[i]:R} layer by layer");
    }
}
