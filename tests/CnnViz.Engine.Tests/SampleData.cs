using CnnViz.Core.Data;
using CnnViz.Engine.Data;

namespace CnnViz.Engine.Tests;

/// <summary>The committed MNIST sample (data/mnist-sample: 8,000 train, 2,000 test), loaded once per test run.</summary>
internal static class SampleData
{
    /// <summary>The repository root (holding CnnViz.sln), found from the test binary's folder.</summary>
    public static string RepoRoot => DataLocator.FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Cannot find the repository root (CnnViz.sln) above the test binaries.");

    private static readonly Lazy<DataSource> s_source = new(() =>
    {
        string root = RepoRoot;
        var env = new DataEnvironment(null, root, root);
        return DataSource.Load(DataLocator.Locate(DatasetInfo.Mnist, Path.Combine(root, "data", "mnist-sample"), env));
    });

    public static DataSource Source => s_source.Value;

    /// <summary>7,200 train / 800 validation / 2,000 test.</summary>
    public static DataSplit Split() => DataSplit.HoldOut(Source.Train, Source.Test);
}
