namespace CnnViz.Render.Panels;

/// <summary>
/// "Nice" axis ticks: a step of 1, 2 or 5 × 10^k, the smallest of those that puts at most <c>maxTicks</c>
/// ticks on [lo, hi], and the multiples of it inside the range (Heckbert's "nice numbers for graph labels").
/// </summary>
internal static class AxisTicks
{
    /// <summary>The tick step for [lo, hi]: 1, 2 or 5 × 10^k with at most <paramref name="maxTicks"/> multiples in the range.</summary>
    public static double Step(double lo, double hi, int maxTicks)
    {
        double range = hi - lo;
        if (!(range > 0) || maxTicks < 1) return 1;
        double step = Math.Pow(10, Math.Floor(Math.Log10(range / maxTicks)));
        foreach (double m in (ReadOnlySpan<double>)[1, 2, 5, 10])
            if (Count(lo, hi, step * m) <= maxTicks) return step * m;
        return step * 10;
    }

    /// <summary>The first tick at or above <paramref name="lo"/>.</summary>
    public static double First(double lo, double step) => Math.Ceiling(lo / step - 1e-9) * step;

    /// <summary>How many multiples of <paramref name="step"/> lie in [lo, hi].</summary>
    public static int Count(double lo, double hi, double step) => (int)(Math.Floor(hi / step + 1e-9) - Math.Ceiling(lo / step - 1e-9)) + 1;

    /// <summary>Decimals that show a multiple of <paramref name="step"/> exactly: 0 for 1, 2, 5, 10…, 1 for 0.5, 2 for 0.02.</summary>
    public static int Decimals(double step) => Math.Max(0, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
}
