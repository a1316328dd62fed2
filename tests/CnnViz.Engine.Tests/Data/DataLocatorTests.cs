using CnnViz.Core.Data;
using CnnViz.Engine.Data;
using CnnViz.Tests.Shared;

namespace CnnViz.Engine.Tests.Data;

/// <summary>
/// Resolution order with a fake environment (no process-wide CNNVIZ_DATA changes here):
/// a temp "repo" with data/mnist and data/mnist-sample, plus stand-alone directories.
/// </summary>
public sealed class DataLocatorTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _repo;
    private readonly string _elsewhere;

    public DataLocatorTests()
    {
        _repo = _dir.Sub("repo");
        File.WriteAllText(Path.Combine(_repo, "CnnViz.sln"), "");
        _elsewhere = _dir.Sub("elsewhere");
    }

    public void Dispose() => _dir.Dispose();

    private string Full => Path.Combine(_repo, "data", "mnist");
    private string Sample => Path.Combine(_repo, "data", "mnist-sample");
    private DataEnvironment Env(string? cnnvizData = null, string? cwd = null) => new(cnnvizData, cwd ?? _elsewhere, _repo);

    [Fact]
    public void DataOption_WinsOverEnvironmentAndDefaults()
    {
        string chosen = IdxSets.WriteSet(_dir["chosen"], 3, 2);
        IdxSets.WriteSet(_dir["env"], 3, 2);
        IdxSets.WriteSet(Full, 3, 2);
        var location = DataLocator.Locate(DatasetInfo.Mnist, chosen, Env(cnnvizData: _dir["env"]));
        Assert.Equal(chosen, location.Files.Directory);
        Assert.Equal("--data", location.Origin);
    }

    [Fact]
    public void EnvironmentVariable_WinsOverDefaults()
    {
        string env = IdxSets.WriteSet(_dir["env"], 3, 2);
        IdxSets.WriteSet(Full, 3, 2);
        var location = DataLocator.Locate(DatasetInfo.Mnist, null, Env(cnnvizData: env));
        Assert.Equal((env, "CNNVIZ_DATA"), (location.Files.Directory, location.Origin));
    }

    [Fact]
    public void FullSetInRepo_WinsOverSample()
    {
        IdxSets.WriteSet(Full, 3, 2);
        IdxSets.WriteSet(Sample, 3, 2);
        var location = DataLocator.Locate(DatasetInfo.Mnist, null, Env());
        Assert.Equal(Full, location.Files.Directory);
        Assert.False(location.IsSample);
    }

    [Fact]
    public void Sample_IsUsedWhenNoFullSet_AndAnIncompleteFullSetIsNoted()
    {
        IdxSets.WriteSet(Sample, 3, 2);
        Directory.CreateDirectory(Full);
        File.WriteAllBytes(Path.Combine(Full, DataFiles.TrainImagesStem + ".gz"), [1]); // e.g. an interrupted copy
        var location = DataLocator.Locate(DatasetInfo.Mnist, null, Env());
        Assert.Equal(Sample, location.Files.Directory);
        Assert.True(location.IsSample);
        string note = Assert.Single(location.Notes);
        Assert.Contains("t10k-labels-idx1-ubyte[.gz]", note);
        Assert.Contains("cnnviz data download", note);
    }

    [Fact]
    public void RelativeDataOption_ResolvesAgainstCurrentDirectoryThenRepoRoot()
    {
        IdxSets.WriteSet(Path.Combine(_elsewhere, "mine"), 3, 2);
        Assert.Equal(Path.Combine(_elsewhere, "mine"), DataLocator.Locate(DatasetInfo.Mnist, "mine", Env()).Files.Directory);
        IdxSets.WriteSet(Path.Combine(_repo, "data", "extra"), 3, 2);
        Assert.Equal(Path.Combine(_repo, "data", "extra"), DataLocator.Locate(DatasetInfo.Mnist, "data/extra", Env()).Files.Directory);
    }

    [Fact]
    public void ExplicitDirectoryWithoutTheFiles_IsAnErrorNotAFallback()
    {
        IdxSets.WriteSet(Sample, 3, 2);
        string partial = _dir.Sub("partial");
        IdxFile.WriteLabels(Path.Combine(partial, DataFiles.TrainLabelsStem), [1, 2], gzip: false);

        var e = Assert.Throws<DataException>(() => DataLocator.Locate(DatasetInfo.Mnist, partial, Env()));
        Assert.Contains($"--data {partial} does not hold the MNIST files: missing train-images-idx3-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]", e.Message);
        Assert.DoesNotContain("train-labels-idx1-ubyte[.gz],", e.Message.Split('\n')[0]);

        var missing = Assert.Throws<DataException>(() => DataLocator.Locate(DatasetInfo.Mnist, null, Env(cnnvizData: _dir["nowhere"])));
        Assert.Contains($"CNNVIZ_DATA {_dir["nowhere"]}: no such directory", missing.Message);
        Assert.Contains("cnnviz data download --dataset mnist", missing.Message);
    }

    [Fact]
    public void NothingFound_ListsWhereItLookedAndHowToGetData()
    {
        var e = Assert.Throws<DataException>(() => DataLocator.Locate(DatasetInfo.Mnist, null, Env()));
        Assert.Contains("No MNIST data found", e.Message);
        Assert.Contains($"{Full} (no such directory)", e.Message);
        Assert.Contains($"{Sample} (no such directory)", e.Message);
        Assert.Contains("cnnviz data download --dataset mnist", e.Message);
        Assert.Contains("git checkout -- data/mnist-sample", e.Message);
    }

    [Fact]
    public void FashionMnist_FallsBackToTheSystemDirectory_ThenSaysHowToInstall()
    {
        string system = _dir["usr-share-datasets-fashion-mnist"];
        var fashion = DatasetInfo.FashionMnist with { SystemDirectories = [system] };

        var e = Assert.Throws<DataException>(() => DataLocator.Locate(fashion, null, Env()));
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("cnnviz data download --dataset fashion-mnist", e.Message);
        Assert.Contains(Path.Combine(_repo, "data", "fashion-mnist"), e.Message);

        IdxSets.WriteSet(system, 3, 2);
        var location = DataLocator.Locate(fashion, null, Env());
        Assert.Equal((system, "Debian package dataset-fashion-mnist"), (location.Files.Directory, location.Origin));

        IdxSets.WriteSet(Path.Combine(_repo, "data", "fashion-mnist"), 3, 2);
        Assert.Equal(Path.Combine(_repo, "data", "fashion-mnist"), DataLocator.Locate(fashion, null, Env()).Files.Directory);
    }

    [Fact]
    public void DataFiles_AcceptsRawAndDottedNames()
    {
        string dir = _dir.Sub("names");
        IdxFile.WriteImages(Path.Combine(dir, "train-images.idx3-ubyte"), IdxSets.Images(2), 2, 28, 28, gzip: false);
        IdxFile.WriteLabels(Path.Combine(dir, "train-labels.idx1-ubyte.gz"), IdxSets.Labels(2), gzip: true);
        IdxFile.WriteImages(Path.Combine(dir, DataFiles.TestImagesStem), IdxSets.Images(1), 1, 28, 28, gzip: false);
        IdxFile.WriteLabels(Path.Combine(dir, DataFiles.TestLabelsStem + ".gz"), IdxSets.Labels(1), gzip: true);

        var files = DataFiles.TryFind(dir, out var missing);
        Assert.Empty(missing);
        Assert.Equal(Path.Combine(dir, "train-images.idx3-ubyte"), files!.TrainImages);
        Assert.Equal(Path.Combine(dir, "train-labels.idx1-ubyte.gz"), files.TrainLabels);
        Assert.Equal(2, DataSource.Load(new(DatasetInfo.Mnist, files, "t", false, [])).Train.Count);
    }

    [Fact]
    public void FindRepoRoot_WalksUpToTheSolutionFolder()
    {
        string deep = Directory.CreateDirectory(Path.Combine(_repo, "src", "a", "b")).FullName;
        Assert.Equal(_repo, DataLocator.FindRepoRoot(_elsewhere, deep));
        Assert.Null(DataLocator.FindRepoRoot(_elsewhere));
        Assert.True(File.Exists(Path.Combine(SampleData.RepoRoot, "CnnViz.sln"))); // from the test binary's folder
    }

    [Fact]
    public void UnknownDatasetId_IsADataExceptionListingTheKnownOnes()
    {
        var e = Assert.Throws<DataException>(() => DatasetInfo.FromId("cifar10"));
        Assert.Contains("mnist, fashion-mnist", e.Message);
        Assert.Same(DatasetInfo.FashionMnist, DatasetInfo.FromId("Fashion-MNIST"));
    }
}

/// <summary>The one test that touches the real process environment; it runs alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class DataEnvironmentTests
{
    [Fact]
    public void FromProcess_ReadsCnnvizDataAndFindsTheRepo()
    {
        string? before = Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataLocator.EnvironmentVariable, "/some/where");
            var env = DataEnvironment.FromProcess();
            Assert.Equal("/some/where", env.CnnvizData);
            Assert.Equal(SampleData.RepoRoot, env.RepoRoot);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataLocator.EnvironmentVariable, before);
        }
    }
}
