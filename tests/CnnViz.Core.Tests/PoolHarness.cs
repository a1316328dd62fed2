using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>
/// What the max and average pooling tests share: <see cref="Run"/> pushes one small map through a pool, and
/// <see cref="Cases"/> is the sweep on a non-square 7×11 input: batch 1 and 3 × channels 1 and 3 × windows
/// 2×2, 3×3, 2×3 × stride = window (0 below), 1 and (2,1). Rows: batch, channels, PH, PW, SH, SW (0 = the window).
/// </summary>
public static class PoolHarness
{
    /// <summary>Runs one 1-sample, 1-channel (H, W) map x through the pool; returns the layer after Forward and Backward(dy).</summary>
    public static T Run<T>(T pool, int h, int w, float[] x, float[] dy) where T : Pool2D
    {
        var shape = new SampleShape(1, h, w);
        pool.Build(shape, 1, new Rng(0));
        pool.Forward(new Batch(shape, x));
        pool.Backward(new Batch(pool.OutputShape, dy));
        return pool;
    }

    public static IEnumerable<object[]> Cases()
    {
        foreach (int batch in new[] { 1, 3 })
        foreach (int channels in new[] { 1, 3 })
        foreach (var (ph, pw) in new[] { (2, 2), (3, 3), (2, 3) })
        foreach (var (sh, sw) in new[] { (0, 0), (1, 1), (2, 1) })
            yield return [batch, channels, ph, pw, sh, sw];
    }

    public static (int, int)? Stride(int sh, int sw) => sh == 0 ? null : (sh, sw);
}
