using CnnViz.Core.Data;
using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Tests.Data;

/// <summary>
/// The distortions on real digits (the committed sample's first 64 test images): deterministic per seed,
/// independent of the thread count, values in [0, 1], the digit kept inside the 28×28 frame.
/// </summary>
public class DistortionsTests
{
    private static readonly Lazy<Batch> s_digits = new(() =>
    {
        var images = IdxFile.ReadImages(Path.Combine(TestData.RepoRoot, "data", "mnist-sample", "t10k-images-idx3-ubyte.gz"));
        var batch = new Batch(new SampleShape(1, 28, 28), 64);
        for (int i = 0; i < batch.Span.Length; i++) batch.Span[i] = images.Pixels[i] / 255f;
        return batch;
    });

    private static float[] Distort(DistortionKind kind, ulong seed, long step, int threads = 1)
    {
        int previous = WorkerPool.Threads;
        WorkerPool.Threads = threads;
        try
        {
            var output = new Batch(new SampleShape(1, 28, 28), 64);
            new Distortions(kind, 28, 28, 64).Apply(s_digits.Value, output, seed, step);
            return output.Span.ToArray();
        }
        finally { WorkerPool.Threads = previous; }
    }

    [Theory]
    [InlineData(DistortionKind.Affine)]
    [InlineData(DistortionKind.Elastic)]
    public void SameSeedAndStep_SameImages_With1Or2Threads_OtherSeedsOrSteps_OtherImages(DistortionKind kind)
    {
        float[] a = Distort(kind, seed: 3, step: 7);
        Assert.Equal(a, Distort(kind, seed: 3, step: 7, threads: 2));
        Assert.NotEqual(a, Distort(kind, seed: 4, step: 7));
        Assert.NotEqual(a, Distort(kind, seed: 3, step: 8));
        Assert.NotEqual(a, s_digits.Value.Span.ToArray());
    }

    [Theory]
    [InlineData(DistortionKind.Affine, 0.78, 1.25)]
    [InlineData(DistortionKind.Elastic, 0.6, 2.0)]   // elastic stretching thickens or thins strokes locally (seen: up to 1.66)
    public void DistortedDigits_StayInsideTheFrame_WithValuesIn0To1(DistortionKind kind, double minRatio, double maxRatio)
    {
        Batch digits = s_digits.Value;
        for (long step = 0; step < 4; step++)
        {
            float[] d = Distort(kind, seed: 1, step);
            for (int n = 0; n < 64; n++)
            {
                ReadOnlySpan<float> img = d.AsSpan(n * 784, 784);
                double before = 0, after = 0;
                foreach (float v in digits.Sample(n)) before += v;
                foreach (float v in img) { Assert.InRange(v, 0f, 1f); after += v; }
                // Ink is kept up to the scale's area change (k² ∈ [0.81, 1.21]): little falls off the frame.
                Assert.InRange(after / before, minRatio, maxRatio);
            }
        }
    }

    [Fact]
    public void None_CopiesTheImages()
    {
        Assert.Equal(s_digits.Value.Span.ToArray(), Distort(DistortionKind.None, 1, 0));
    }
}
