using CnnViz.Render.Panels;

namespace CnnViz.Render.Tests.Layout;

public class AxisTicksTests
{
    [Theory]
    [InlineData(0.0, 3.129, 4, 1.0)]      // the loss graph after a few hundred steps: 0, 1, 2, 3
    [InlineData(4.0, 100.0, 4, 50.0)]     // accuracy in percent: 50, 100 (20 would give 5 ticks)
    [InlineData(0.05, 0.31, 4, 0.1)]
    [InlineData(96.1, 97.9, 4, 0.5)]
    [InlineData(0, 0.00042, 4, 0.0002)]
    public void Step_IsOneTwoOrFiveTimesAPowerOfTen_WithAtMostMaxTicks(double lo, double hi, int max, double expected)
    {
        double step = AxisTicks.Step(lo, hi, max);
        Assert.Equal(expected, step, 1e-12);
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.Contains(Math.Round(mantissa, 9), new[] { 1.0, 2.0, 5.0 });
        Assert.InRange(AxisTicks.Count(lo, hi, step), 1, max);
        Assert.True(AxisTicks.First(lo, step) >= lo - 1e-12);
    }

    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(50.0, 0)]
    [InlineData(0.5, 1)]
    [InlineData(0.02, 2)]
    public void Decimals_ShowEveryTickExactly(double step, int decimals) => Assert.Equal(decimals, AxisTicks.Decimals(step));
}
