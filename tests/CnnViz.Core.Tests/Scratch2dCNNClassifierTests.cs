using CnnViz.Core.Data;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class Scratch2dCNNClassifierTests
{
    private static readonly SampleShape Shape = new(1, 12, 12);

    /// <summary>
    /// 1×12×12 images of a bright bar plus noise: class 0 a horizontal bar, 1 a vertical bar, 2 the main
    /// diagonal, 3 the anti-diagonal, each shifted by −2..2 pixels; background noise U(0, 0.3).
    /// </summary>
    private static (float[] X, int[] Y) Bars(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[count * Shape.Size];
        var y = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = n % 4, shift = rng.NextInt(5) - 2;
            y[n] = label;
            var image = x.AsSpan(n * Shape.Size, Shape.Size);
            for (int i = 0; i < image.Length; i++) image[i] = 0.3f * (float)rng.NextDouble();
            for (int k = 0; k < 12; k++)
            {
                var (r, c) = label switch
                {
                    0 => (6 + shift, k),
                    1 => (k, 6 + shift),
                    2 => (k, k + shift),
                    _ => (k, 11 - k + shift),
                };
                if (c >= 0 && c < 12) image[r * 12 + c] = 1f;
            }
        }
        return (x, y);
    }

    private static Scratch2dCNNClassifier Classifier(ulong seed, int epochs = 15, Action<string>? log = null) =>
        new(SimpleCnn.Create(Shape, filters: 4, classes: 4), epochs, batchSize: 8, new Adam(0.01f), seed, verbose: log is not null, log);

    [Fact]
    public void Fit_LearnsASynthetic4ClassPattern_To100PercentTrainingAccuracy()
    {
        var (x, y) = Bars(64, seed: 11);
        var (xVal, yVal) = Bars(32, seed: 12);
        var lines = new List<string>();
        var clf = Classifier(seed: 5, log: lines.Add).Fit(x, y, xVal, yVal);

        Assert.Equal(1.0, clf.Score(x, y));
        Assert.Equal(15, clf.TrainLoss.Count);
        Assert.Equal(15, clf.ValAccuracy.Count);
        Assert.True(clf.TrainLoss[^1] < clf.TrainLoss[0] / 10, $"loss {clf.TrainLoss[0]} → {clf.TrainLoss[^1]}");
        Assert.True(clf.ValAccuracy[^1] >= 0.9f, $"validation accuracy {clf.ValAccuracy[^1]}");
        Assert.Equal(15, lines.Count);
        Assert.StartsWith("epoch 1/15: train loss", lines[0]);
        Assert.Contains("validation loss", lines[0]);
    }

    [Fact]
    public void Fit_SameSeedTwice_GivesBitIdenticalWeights_AnotherSeedDifferentOnes()
    {
        var (x, y) = Bars(32, seed: 11);
        float[] Weights(ulong seed) =>
            Classifier(seed, epochs: 3).Fit(x, y).Model.Parameters.SelectMany(p => p.Value).ToArray();
        float[] first = Weights(7);
        Assert.Equal(first, Weights(7));     // exact float equality, element by element
        Assert.NotEqual(first, Weights(8));
    }

    [Fact]
    public void PredictAndProbabilities_AreConsistent()
    {
        var (x, y) = Bars(20, seed: 3);
        var clf = Classifier(seed: 1, epochs: 2).Fit(x, y);
        float[] p = clf.PredictProbabilities(x);
        int[] labels = clf.Predict(x);
        Assert.Equal(20 * 4, p.Length);
        for (int n = 0; n < 20; n++)
        {
            var row = p.AsSpan(n * 4, 4);
            Assert.Equal(1.0, row.ToArray().Sum(), 5);
            Assert.Equal(row.IndexOf(row.ToArray().Max()), labels[n]);
        }
        Assert.Equal(labels.Zip(y).Count(t => t.First == t.Second) / 20.0, clf.Score(x, y));
    }

    [Fact]
    public void Fit_AcceptsRawBytesAndDatasets()
    {
        var (x, y) = Bars(16, seed: 4);
        byte[] images = x.Select(v => (byte)Math.Round(v * 255)).ToArray();
        byte[] labels = y.Select(v => (byte)v).ToArray();
        var fromBytes = Classifier(seed: 2, epochs: 2).Fit(images, labels);
        var data = new Dataset("bars", images, labels, 12, 12, ["h", "v", "d", "a"]);
        var fromDataset = Classifier(seed: 2, epochs: 2).Fit(data);
        Assert.Equal(fromBytes.Predict(images), fromDataset.Predict(images));
        Assert.Equal(fromBytes.Score(data), fromDataset.Score(data));
    }

    [Fact]
    public void DefaultModel_IsTheProblem6Net()
    {
        var clf = new Scratch2dCNNClassifier();
        Assert.Equal(["conv1", "relu1", "pool1", "flatten", "fc1"], clf.Model.Layers.Select(l => l.Name));
        Assert.IsType<Conv2d>(clf.Model.Layers[0]);
        Assert.IsType<Adam>(clf.Optimizer);
        Assert.Equal((10, 32), (clf.Epochs, clf.BatchSize));
    }

    // ---- bad input ----------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_BatchSizeBelowOne_NamesTheArgument(int batchSize)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Scratch2dCNNClassifier(batchSize: batchSize));
        Assert.Equal("batchSize", e.ParamName);
        Assert.Contains("batchSize must be at least 1", e.Message);
    }

    [Fact]
    public void Constructor_EpochsBelowOne_NamesTheArgument() =>
        Assert.Equal("epochs", Assert.Throws<ArgumentOutOfRangeException>(() => new Scratch2dCNNClassifier(epochs: 0)).ParamName);

    [Fact]
    public void Fit_XNotAWholeNumberOfSamples_SaysTheShapeItExpects()
    {
        var e = Assert.Throws<ArgumentException>(() => Classifier(0).Fit(new float[144 * 2 + 5], [0, 1]));
        Assert.Equal("X", e.ParamName);
        Assert.Contains("X holds 293 floats, which is not a whole number of 1×12×12 samples (144 floats each)", e.Message);
        Assert.Contains("(N, 1, 12, 12)", e.Message);
    }

    [Fact]
    public void Fit_LabelsOfTheWrongLength_SaysBothCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => Classifier(0).Fit(new float[144 * 3], [0, 1]));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("y holds 2 labels but X holds 3 samples of 1×12×12", e.Message);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void Fit_LabelOutsideTheClasses_SaysWhichAndTheRange(int label)
    {
        var e = Assert.Throws<ArgumentException>(() => Classifier(0).Fit(new float[144 * 3], [0, label, 1]));
        Assert.Contains($"y[1] = {label} is outside 0..3", e.Message);
        Assert.Contains("fc1", e.Message);
    }

    [Fact]
    public void Fit_MnistLabelOutside0To9_IsRejected()
    {
        var clf = new Scratch2dCNNClassifier(epochs: 1);
        var e = Assert.Throws<ArgumentException>(() => clf.Fit(new float[784 * 2], [3, 10]));
        Assert.Contains("y[1] = 10 is outside 0..9", e.Message);
    }

    [Fact]
    public void Fit_NaNInX_SaysWhichSampleAndPixel()
    {
        var x = new float[144 * 3];
        x[144 * 2 + 12 * 4 + 7] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => Classifier(0).Fit(x, [0, 1, 2]));
        Assert.Contains("X sample 2 holds NaN at (c, h, w) = (0, 4, 7)", e.Message);
    }

    [Fact]
    public void Fit_ValidationWithoutLabels_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Classifier(0).Fit(new float[144], [0], new float[144], null));
        Assert.Contains("both Xval and yval", e.Message);
    }

    [Fact]
    public void Fit_ValidationLabelsOfTheWrongLength_NameYval()
    {
        var e = Assert.Throws<ArgumentException>(() => Classifier(0).Fit(new float[144], [0], new float[288], [1]));
        Assert.Contains("yval holds 1 labels but Xval holds 2 samples", e.Message);
    }

    [Fact]
    public void Fit_BytesOfTheWrongSize_SayTheImageSize()
    {
        var e = Assert.Throws<ArgumentException>(() => new Scratch2dCNNClassifier().Fit(new byte[100], new byte[1]));
        Assert.Contains("images holds 100 bytes, which is not a whole number of 1×28×28 samples", e.Message);
    }

    [Fact]
    public void Predict_BeforeFit_SaysToCallFit() =>
        Assert.Contains("Call Fit", Assert.Throws<InvalidOperationException>(() => Classifier(0).Predict(new float[144])).Message);
}
