using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class AveragePool2DTests
{
    [Fact]
    public void AveragePool2D_2x2Stride2_AveragesWindows_AndSpreadsGradientEvenly()
    {
        float[] x =
        [
            1, 2,   3, 0,
            4, 0,   1, 5,
            2, 2,   7, 1,
            0, 1,   1, 6,
        ];
        var pool = PoolHarness.Run(new AveragePool2D(2), 4, 4, x, [1, 2, 3, 4]);
        Assert.Equal([1.75f, 2.25f, 1.25f, 3.75f], pool.Output.Span.ToArray());
        Assert.Equal(new float[]
        {
            0.25f, 0.25f, 0.5f, 0.5f,
            0.25f, 0.25f, 0.5f, 0.5f,
            0.75f, 0.75f, 1f,   1f,
            0.75f, 0.75f, 1f,   1f,
        }, pool.InputGrad.Span.ToArray());
    }

    [Fact]
    public void AveragePool2D_OverlappingWindows_SumTheirShares()
    {
        float[] x =
        [
            1, 3, 2,
            0, 9, 1,
            4, 2, 0,
        ];
        var pool = PoolHarness.Run(new AveragePool2D(2, stride: 1), 3, 3, x, [1, 2, 3, 4]);
        Assert.Equal([3.25f, 3.75f, 3.75f, 3f], pool.Output.Span.ToArray());
        // Each pixel gets dy/4 from every window that covers it; the centre is in all four: (1+2+3+4)/4.
        Assert.Equal(new float[]
        {
            0.25f, 0.75f, 0.5f,
            1f,    2.5f,  1.5f,
            0.75f, 1.75f, 1f,
        }, pool.InputGrad.Span.ToArray());
    }

    [Fact]
    public void AveragePool2D_DropsWindowsThatDoNotFit_3x5Into2x2()
    {
        float[] x = Enumerable.Range(0, 15).Select(v => (float)v).ToArray(); // x[h, w] = 5h + w
        var pool = PoolHarness.Run(new AveragePool2D(2), 3, 5, x, [4, 8]);
        Assert.Equal(new SampleShape(1, 1, 2), pool.OutputShape);
        Assert.Equal([3f, 5f], pool.Output.Span.ToArray());                 // (0+1+5+6)/4, (2+3+7+8)/4
        Assert.Equal(new float[]
        {
            1, 1, 2, 2, 0,
            1, 1, 2, 2, 0,
            0, 0, 0, 0, 0,
        }, pool.InputGrad.Span.ToArray());
    }

    [Fact]
    public void AveragePool2D_ThrowsForWindowLargerThanInput()
    {
        var pool = new AveragePool2D((2, 5), name: "pool1");
        var e = Assert.Throws<ShapeException>(() => pool.Build(new SampleShape(6, 4, 4), 1, new Rng(0)));
        Assert.Contains("pool1: a 2×5 window does not fit a 6×4×4 input", e.Message);
    }

    [Theory]
    [MemberData(nameof(PoolHarness.Cases), MemberType = typeof(PoolHarness))]
    public void AveragePool2DBackward_MatchesNumericalGradient(int batch, int channels, int ph, int pw, int sh, int sw)
    {
        var pool = new AveragePool2D((ph, pw), PoolHarness.Stride(sh, sw), name: "pool");
        GradientCheck.CheckLayer(pool, new SampleShape(channels, 7, 11), batch);
    }
}
