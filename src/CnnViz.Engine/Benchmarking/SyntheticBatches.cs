using CnnViz.Core;
using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Benchmarking;

/// <summary>
/// A few pre-generated batches of random N(0, 1) images and random labels, cycled by the benchmark
/// (pixel values do not change the speed; generating them is kept out of the timed steps).
/// Same data as the PyTorch harness: 8 batches of torch.randn images.
/// </summary>
public sealed class SyntheticBatches
{
    public const int Count = 8;
    private readonly Batch[] _images;
    private readonly int[][] _labels;

    public SyntheticBatches(SampleShape shape, int batchSize, int classes, ulong seed)
    {
        var rng = new Rng(seed);
        _images = new Batch[Count];
        _labels = new int[Count][];
        for (int b = 0; b < Count; b++)
        {
            _images[b] = new Batch(shape, batchSize);
            Span<float> x = _images[b].Span;
            for (int i = 0; i < x.Length; i++) x[i] = Gaussian(rng);
            _labels[b] = new int[batchSize];
            for (int i = 0; i < batchSize; i++) _labels[b][i] = rng.NextInt(classes);
        }
    }

    public Batch Images(int step) => _images[step % Count];
    public int[] Labels(int step) => _labels[step % Count];

    /// <summary>Box–Muller: one standard normal sample.</summary>
    private static float Gaussian(Rng rng)
    {
        double u = 1.0 - rng.NextDouble(), v = rng.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
