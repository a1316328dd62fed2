using System.Diagnostics;
using CnnViz.Core;
using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Benchmarking;

/// <summary>One conv layer's forward + backward time, fast (im2col + GEMM) against the naive loops, same weights and batch.</summary>
public sealed record ConvSpeedup(string Layer, string Description, double FastMs, double NaiveMs)
{
    public double Speedup => NaiveMs / FastMs;
}

/// <summary>
/// Rebuilds each convolution of a model twice, as <see cref="Conv2d"/> and as the reference
/// <see cref="Conv2dNaive"/> (same geometry, same weights), and times forward + backward of one
/// batch on each. The naive one is slow, so it runs only a few times.
/// </summary>
public static class ConvComparison
{
    public static ConvSpeedup Compare(Conv2dBase conv, int batchSize, ulong seed)
    {
        var (kh, kw) = (conv.KernelHeight, conv.KernelWidth);
        var fast = new Conv2d(conv.Filters, (kh, kw), (conv.PadHeight, conv.PadWidth), (conv.StrideHeight, conv.StrideWidth), name: conv.Name);
        var naive = new Conv2dNaive(conv.Filters, (kh, kw), (conv.PadHeight, conv.PadWidth), (conv.StrideHeight, conv.StrideWidth), name: conv.Name);
        fast.Build(conv.InputShape, batchSize, new Rng(seed));
        naive.Build(conv.InputShape, batchSize, new Rng(seed));
        var x = new Batch(conv.InputShape, batchSize);
        var dy = new Batch(conv.OutputShape, batchSize);
        var rng = new Rng(seed + 1);
        foreach (var b in new[] { x, dy })
        {
            Span<float> s = b.Span;
            for (int i = 0; i < s.Length; i++) s[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        double fastMs = TimeMs(fast, x, dy, minSeconds: 0.3, minRuns: 5);
        double naiveMs = TimeMs(naive, x, dy, minSeconds: 0.3, minRuns: 2);
        return new ConvSpeedup(conv.Name, conv.Describe(), fastMs, naiveMs);
    }

    /// <summary>Median ms of one forward + backward, after one untimed run.</summary>
    private static double TimeMs(Layer layer, Batch x, Batch dy, double minSeconds, int minRuns)
    {
        layer.Forward(x);
        layer.Backward(dy);
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < minRuns || total.Elapsed.TotalSeconds < minSeconds)
        {
            long t0 = Stopwatch.GetTimestamp();
            layer.Forward(x);
            layer.Backward(dy);
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
