using CnnViz.Core.Data;
using CnnViz.Engine;
using CnnViz.Engine.Data;
using CnnViz.Engine.Models;

namespace CnnViz.Render.Tests;

/// <summary>LeNet-5 on the committed MNIST sample (data/mnist-sample), as the window trains it.</summary>
internal static class SampleSession
{
    public static string RepoRoot => DataLocator.FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("tests run inside the repository (CnnViz.sln not found above the test binaries)");

    public static DataSource Data { get; } = DataSource.Open("mnist", Path.Combine(RepoRoot, "data", "mnist-sample"));

    public static TrainingSession Create(int batch = 64, int? limit = 2000, ulong seed = 1, string model = "lenet5", string augment = "none")
    {
        var train = limit is int n ? Data.Train.Take(n) : Data.Train;
        var split = DataSplit.HoldOut(train, Data.Test.Take(500));
        return new TrainingSession(new SessionConfig
        {
            Model = ModelCatalog.Get(model, split.Train.SampleShape, split.Train.Classes),
            Augment = augment,
            BatchSize = batch,
            Seed = seed,
        }, split);
    }
}
