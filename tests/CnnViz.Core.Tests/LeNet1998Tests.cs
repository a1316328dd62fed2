using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>
/// The paper's LeNet-5 (LeCun et al. 1998): C3's connection table against Table I, and the new layers
/// (PaperInput, Subsampling, ScaledTanh, MaskedConv2d, EuclideanRbf) against numerical gradients.
/// </summary>
public class LeNet1998Tests
{
    /// <summary>
    /// Table I as the paper's text states it (§II-B): "The first six C3 feature maps take inputs from every
    /// contiguous subsets of three feature maps in S2. The next six take input from every contiguous subset of
    /// four. The next three take input from some discontinuous subsets of four. Finally the last one takes input
    /// from all S2 feature maps." The three discontinuous subsets, read off Table I: {0,1,3,4}, {1,2,4,5}, {0,2,3,5}.
    /// </summary>
    private static int[] PaperInputsOf(int c3Map) => c3Map switch
    {
        < 6 => [c3Map, (c3Map + 1) % 6, (c3Map + 2) % 6],
        < 12 => [.. Enumerable.Range(0, 4).Select(i => (c3Map - 6 + i) % 6)],
        12 => [0, 1, 3, 4],
        13 => [1, 2, 4, 5],
        14 => [0, 2, 3, 5],
        _ => [0, 1, 2, 3, 4, 5],
    };

    [Fact]
    public void C3Mask_MatchesTableI_AndHas1516TrainableParameters()
    {
        bool[,] table = LeNet1998.C3Connections();
        for (int m = 0; m < 16; m++)
            for (int k = 0; k < 6; k++)
                Assert.True(table[k, m] == PaperInputsOf(m).Contains(k), $"C3 map {m}, S2 map {k}: table says {table[k, m]}");

        var model = LeNet1998.Create().Build(2, new Rng(1), new SGD(0.1f));
        var c3 = (MaskedConv2d)model["c3"];
        Assert.Equal(1516, c3.TrainableCount);                  // the paper: "C3 has 1,516 trainable parameters"
        int area = 25;
        for (int m = 0; m < 16; m++)
            for (int k = 0; k < 6; k++)
                if (!table[k, m])
                    Assert.All(c3.Weights.Value.AsSpan((m * 6 + k) * area, area).ToArray(), w => Assert.Equal(0f, w));
        Assert.Equal(new SampleShape(10, 1, 1), model.Layers[^1].OutputShape);
    }

    [Fact]
    public void C3_MissingConnectionsStayZero_ThroughTraining()
    {
        var model = LeNet1998.Create().Build(4, new Rng(2), new Adam(0.01f) { WeightDecay = 1e-3f });
        var x = new Batch(model.InputShape, 4);
        var rng = new Rng(3);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = (float)rng.NextDouble();
        for (int step = 0; step < 3; step++) { model.ForwardLoss(x, [1, 2, 3, 4]); model.Backward(); model.Update(); }
        var c3 = (MaskedConv2d)model["c3"];
        for (int m = 0; m < 16; m++)
            for (int k = 0; k < 6; k++)
                foreach (float w in c3.Weights.Value.AsSpan((m * 6 + k) * 25, 25))
                    Assert.True(c3.Connected(k, m) || w == 0f, $"c3 weight of map {m} from S2 map {k} moved to {w}");
    }

    [Theory]
    [InlineData(1, 1, 4, 4)]
    [InlineData(3, 3, 7, 11)]   // odd sizes: the last row/column is dropped
    [InlineData(2, 6, 10, 10)]
    public void Subsampling_MatchesNumericalGradient(int batch, int channels, int h, int w)
    {
        GradientCheck.CheckLayer(new Subsampling("s"), new SampleShape(channels, h, w), batch);
    }

    [Theory]
    [InlineData(1, 1, 5, 5)]
    [InlineData(3, 2, 4, 7)]
    public void ScaledTanh_And_PaperInput_MatchNumericalGradient(int batch, int channels, int h, int w)
    {
        GradientCheck.CheckLayer(new ScaledTanh("f"), new SampleShape(channels, h, w), batch);
        GradientCheck.CheckLayer(new PaperInput(2, "in"), new SampleShape(channels, h, w), batch);
    }

    [Fact]
    public void ScaledTanh_IsOneAtOne()
    {
        var f = new ScaledTanh("f");
        f.Build(new SampleShape(1, 1, 2), 1, new Rng(1));
        var x = new Batch(new SampleShape(1, 1, 2), new float[] { 1f, -1f });
        var y = f.Forward(x);
        Assert.Equal(1f, y.Data[0], 3);   // 1.7159·tanh(2/3) = 1.0000
        Assert.Equal(-1f, y.Data[1], 3);
    }

    [Theory]
    [InlineData(1, 3, 5)]
    [InlineData(4, 10, 84)]
    public void EuclideanRbf_MatchesNumericalGradient_AndScoresAreMinusSquaredDistances(int batch, int classes, int dims)
    {
        var rng = new Rng(7);
        var codes = new float[classes, dims];
        for (int i = 0; i < classes; i++)
            for (int j = 0; j < dims; j++) codes[i, j] = rng.NextDouble() < 0.5 ? -1f : 1f;
        var layer = new EuclideanRbf(codes, "rbf");
        var input = new SampleShape(dims, 1, 1);
        layer.Build(input, batch, rng);
        var (x, Loss) = LinearLoss(layer, input, batch, rng);
        // The scores are quadratic in x, so a central difference has no truncation error for any h: h = 0.1 keeps
        // the float rounding of the scores (|s| ≈ 112 for 84 dims, ≈ 7e-6 each) below 1e-4 in the quotient.
        var (atol, rtol) = GradientCheck.LayerTolerance;
        GradientCheck.AssertClose("rbf dX", layer.InputGrad.Span.ToArray(), GradientCheck.Numeric(x.Data, Loss, 0.1), atol, rtol);

        layer.Forward(x);      // scores at the unperturbed input: compare with the formula in double
        for (int n = 0; n < batch; n++)
            for (int i = 0; i < classes; i++)
            {
                double d = 0;
                for (int j = 0; j < dims; j++) d += Math.Pow(x.Sample(n)[j] - codes[i, j], 2);
                Assert.Equal(-d, layer.Output.Sample(n)[i], 3);
            }
    }

    [Fact]
    public void MaskedConv2d_MatchesNumericalGradient_OnConnectedWeights_AndInputs()
    {
        var table = new bool[3, 4] { { true, false, true, true }, { false, true, true, false }, { true, true, false, true } };
        var layer = new MaskedConv2d(table, 3, name: "mc");
        var input = new SampleShape(3, 6, 7);
        const int batch = 2;
        var rng = new Rng(5);
        layer.Build(input, batch, rng);
        var (x, Loss) = LinearLoss(layer, input, batch, rng);
        var (atol, rtol) = GradientCheck.LayerTolerance;
        GradientCheck.AssertClose("mc dX", layer.InputGrad.Span.ToArray(), GradientCheck.Numeric(x.Data, Loss, 1e-2), atol, rtol);
        double[] numeric = GradientCheck.Numeric(layer.Weights.Value, Loss, 1e-2);
        for (int m = 0; m < 4; m++)
            for (int k = 0; k < 3; k++)
                for (int t = 0; t < 9; t++)
                {
                    int i = (m * 3 + k) * 9 + t;
                    if (table[k, m]) Assert.True(Math.Abs(layer.Weights.Grad[i] - numeric[i]) <= atol + rtol * Math.Abs(numeric[i]), $"dW[{i}] {layer.Weights.Grad[i]} vs {numeric[i]}");
                    else Assert.Equal(0f, layer.Weights.Grad[i]);   // a missing connection learns nothing
                }
        GradientCheck.AssertClose("mc db", layer.Bias.Grad.ToArray(), GradientCheck.Numeric(layer.Bias.Value, Loss, 1e-2), atol, rtol);
    }

    /// <summary>
    /// A random input x in [−1, 1] and the linear loss L = Σ r·y with Gaussian r (so dL/dY = r): runs one forward and
    /// one backward pass with dY = r, leaving the layer's analytic gradients, and returns x and L (for central differences).
    /// </summary>
    private static (Batch X, Func<double> Loss) LinearLoss(Layer layer, SampleShape input, int batch, Rng rng)
    {
        var x = new Batch(input, batch);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = GradientCheck.Uniform(rng);
        var r = new float[batch * layer.OutputShape.Size];
        for (int i = 0; i < r.Length; i++) r[i] = (float)rng.NextGaussian();
        layer.Forward(x);
        layer.Backward(new Batch(layer.OutputShape, (float[])r.Clone()));
        double Loss()
        {
            ReadOnlySpan<float> y = layer.Forward(x).Span;
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += r[i] * (double)y[i];
            return sum;
        }
        return (x, Loss);
    }
}
