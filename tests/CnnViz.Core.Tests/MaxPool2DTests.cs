using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class MaxPool2DTests
{
    [Fact]
    public void MaxPool2D_2x2Stride2_TakesWindowMaxima_AndRoutesGradientToThem()
    {
        float[] x =
        [
            1, 2,   3, 0,
            4, 0,   1, 5,
            2, 2,   7, 1,   // bottom-left window: 2, 2, 0, 1 — a tie between (2,0) and (2,1)
            0, 1,   1, 6,
        ];
        var pool = PoolHarness.Run(new MaxPool2D(2), 4, 4, x, [1, 2, 3, 4]);
        Assert.Equal([4f, 5f, 2f, 7f], pool.Output.Span.ToArray());
        Assert.Equal([4, 7, 8, 10], pool.Switches.ToArray());       // the tie goes to the first, (2,0) = 8
        Assert.Equal(new float[]
        {
            0, 0, 0, 0,
            1, 0, 0, 2,
            3, 0, 4, 0,
            0, 0, 0, 0,
        }, pool.InputGrad.Span.ToArray());
    }

    [Fact]
    public void MaxPool2D_Ties_GoToTheFirstMaximumInRowMajorOrder()
    {
        var pool = PoolHarness.Run(new MaxPool2D(2), 2, 2, [5, 5, 5, 5], [1]);
        Assert.Equal([0], pool.Switches.ToArray());
        Assert.Equal([1f, 0f, 0f, 0f], pool.InputGrad.Span.ToArray());

        pool = PoolHarness.Run(new MaxPool2D(2), 2, 2, [1, 3, 3, 3], [1]);
        Assert.Equal([1], pool.Switches.ToArray());
    }

    [Fact]
    public void MaxPool2D_DropsWindowsThatDoNotFit_5x5Into2x2()
    {
        float[] x = Enumerable.Range(0, 25).Select(v => (float)v).ToArray(); // x[h, w] = 5h + w
        var pool = PoolHarness.Run(new MaxPool2D(2), 5, 5, x, [1, 1, 1, 1]);
        Assert.Equal(new SampleShape(1, 2, 2), pool.OutputShape);         // ⌊(5 − 2) / 2⌋ + 1 = 2: row 4 and column 4 are never seen
        Assert.Equal([6f, 8f, 16f, 18f], pool.Output.Span.ToArray());
        Assert.Equal([6, 8, 16, 18], pool.Switches.ToArray());
        float[] dx = pool.InputGrad.Span.ToArray();
        Assert.Equal(4f, dx.Sum());
        for (int i = 0; i < 5; i++) { Assert.Equal(0f, dx[4 * 5 + i]); Assert.Equal(0f, dx[i * 5 + 4]); }
    }

    [Fact]
    public void MaxPool2D_OverlappingWindows_AccumulateGradientAtASharedMaximum()
    {
        float[] x =
        [
            1, 3, 2,
            0, 9, 1,
            4, 2, 0,
        ];
        var pool = PoolHarness.Run(new MaxPool2D(2, stride: 1), 3, 3, x, [1, 2, 3, 4]);
        Assert.Equal([9f, 9f, 9f, 9f], pool.Output.Span.ToArray());
        Assert.Equal([4, 4, 4, 4], pool.Switches.ToArray());
        Assert.Equal([0f, 0f, 0f, 0f, 10f, 0f, 0f, 0f, 0f], pool.InputGrad.Span.ToArray()); // 1 + 2 + 3 + 4
    }

    [Fact]
    public void MaxPool2D_NonSquareWindowAndStride_1x3Stride1x2()
    {
        float[] x =
        [
            1, 7, 2, 8, 3,
            6, 5, 4, 0, 9,
        ];
        var pool = PoolHarness.Run(new MaxPool2D((1, 3), stride: (1, 2)), 2, 5, x, [1, 2, 3, 4]);
        Assert.Equal(new SampleShape(1, 2, 2), pool.OutputShape);
        Assert.Equal([7f, 8f, 6f, 9f], pool.Output.Span.ToArray());
        Assert.Equal([1, 3, 5, 9], pool.Switches.ToArray());
        Assert.Equal([0f, 1f, 0f, 2f, 0f, 3f, 0f, 0f, 0f, 4f], pool.InputGrad.Span.ToArray());
    }

    [Fact]
    public void MaxPool2D_ArgMax_IndexesEachChannelMapOfEachSample()
    {
        var shape = new SampleShape(2, 2, 2);
        var pool = new MaxPool2D(2);
        pool.Build(shape, 2, new Rng(0));
        pool.Forward(new Batch(shape, [9, 0, 0, 0, /**/ 0, 9, 0, 0, /**/ 0, 0, 9, 0, /**/ 0, 0, 0, 9]));
        Assert.Equal([0], pool.ArgMax(0, 0).ToArray());
        Assert.Equal([1], pool.ArgMax(0, 1).ToArray());
        Assert.Equal([2], pool.ArgMax(1, 0).ToArray());
        Assert.Equal([3], pool.ArgMax(1, 1).ToArray());
    }

    [Fact]
    public void MaxPool2D_ThrowsForWindowLargerThanInput()
    {
        var pool = new MaxPool2D(3, name: "pool2");
        var e = Assert.Throws<ShapeException>(() => pool.Build(new SampleShape(16, 2, 2), 1, new Rng(0)));
        Assert.Contains("pool2: a 3×3 window does not fit a 16×2×2 input", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxPool2D_RejectsWindowOrStrideBelowOne(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool2D(size));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool2D(2, stride: size));
    }

    [Theory]
    [MemberData(nameof(PoolHarness.Cases), MemberType = typeof(PoolHarness))]
    public void MaxPool2DBackward_MatchesNumericalGradient(int batch, int channels, int ph, int pw, int sh, int sw)
    {
        // Distinct inputs 0.05 apart: no ties, and ±h cannot change which element is the maximum.
        var pool = new MaxPool2D((ph, pw), PoolHarness.Stride(sh, sw), name: "pool");
        GradientCheck.CheckLayer(pool, new SampleShape(channels, 7, 11), batch, fillInput: GradientCheck.FillDistinct);
    }
}
