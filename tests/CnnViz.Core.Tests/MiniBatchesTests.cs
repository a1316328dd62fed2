using CnnViz.Core.Models;

namespace CnnViz.Core.Tests;

public class MiniBatchesTests
{
    private static List<int[]> Epoch(MiniBatches batches)
    {
        var result = new List<int[]>();
        for (int b = 0; b < batches.BatchesPerEpoch; b++) result.Add(batches.Next().ToArray());
        return result;
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(12, 4)]
    [InlineData(5, 8)]
    [InlineData(1, 1)]
    public void EveryIndexAppearsExactlyOncePerEpoch_WithAPartialLastBatch(int count, int batchSize)
    {
        var batches = new MiniBatches(count, batchSize, seed: 1);
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            var epochBatches = Epoch(batches);
            Assert.Equal((count + batchSize - 1) / batchSize, epochBatches.Count);
            Assert.All(epochBatches.SkipLast(1), b => Assert.Equal(batchSize, b.Length));
            Assert.Equal(count % batchSize == 0 ? batchSize : count % batchSize, epochBatches[^1].Length);
            Assert.Equal(Enumerable.Range(0, count), epochBatches.SelectMany(b => b).Order());
            Assert.Equal(epoch, batches.Epoch);
            Assert.True(batches.EpochComplete);
        }
    }

    [Fact]
    public void Counters_TrackEpochAndBatch()
    {
        var batches = new MiniBatches(10, 4, seed: 0);
        Assert.Equal(0, batches.Epoch);
        batches.Next();
        Assert.Equal((1, 1, 1L, false), (batches.Epoch, batches.BatchInEpoch, batches.TotalBatches, batches.EpochComplete));
        batches.Next();
        batches.Next();
        Assert.Equal((1, 3, 3L, true), (batches.Epoch, batches.BatchInEpoch, batches.TotalBatches, batches.EpochComplete));
        batches.Next();
        Assert.Equal((2, 1, 4L, false), (batches.Epoch, batches.BatchInEpoch, batches.TotalBatches, batches.EpochComplete));
    }

    [Fact]
    public void SameSeed_GivesTheSameOrder_DifferentSeed_ADifferentOne()
    {
        var a = new MiniBatches(100, 16, seed: 42);
        var b = new MiniBatches(100, 16, seed: 42);
        var c = new MiniBatches(100, 16, seed: 43);
        var epochA = Epoch(a).SelectMany(x => x).ToArray();
        Assert.Equal(epochA, Epoch(b).SelectMany(x => x).ToArray());
        Assert.NotEqual(epochA, Epoch(c).SelectMany(x => x).ToArray());
        // Each epoch is reshuffled, and not left in 0..N−1 order.
        Assert.NotEqual(epochA, Epoch(a).SelectMany(x => x).ToArray());
        Assert.NotEqual(Enumerable.Range(0, 100).ToArray(), epochA);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void BatchSizeBelowOne_IsRejectedWithAClearMessage(int batchSize)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatches(10, batchSize, seed: 0));
        Assert.Equal("batchSize", e.ParamName);
        Assert.Contains("Batch size must be at least 1", e.Message);
    }

    [Fact]
    public void Next_DoesNotAllocatePerBatch()
    {
        var batches = new MiniBatches(1000, 10, seed: 0);
        batches.Next();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 500; i++) sum += batches.Next()[0];
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(sum >= 0);
    }
}
