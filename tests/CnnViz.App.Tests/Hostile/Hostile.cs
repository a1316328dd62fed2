using CnnViz.Core.Data;
using CnnViz.Engine.Checkpoints;

namespace CnnViz.App.Tests.Hostile;

/// <summary>
/// What every hostile-input test shares: a scratch folder, the committed sample, tiny hand-made data sets,
/// and the three facts each case asserts — the exit code, one line on stderr (no stack trace) that says what
/// was wrong, and that nothing half-written (a temp file, a stray output) is left in the folder.
/// </summary>
public abstract class Hostile : IDisposable
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("cnnviz-hostile-").FullName;
    public void Dispose() => Directory.Delete(Dir, recursive: true);

    protected string PathOf(string name) => Path.Combine(Dir, name);
    protected static string Sample => Path.Combine(Cli.RepoRoot, "data", "mnist-sample");

    /// <summary>The smallest real training run: the simple model, 40 sample images, batch 8.</summary>
    protected static readonly string[] Tiny = ["--headless", "--data", Sample, "--limit", "40", "--batch-size", "8", "--model", "simple"];

    private protected Cli.Result Run(params string[] args) => Cli.Run(Dir, args);

    /// <summary>Exit code, exactly one stderr line "cnnviz: …" containing <paramref name="expected"/>, no stack trace.</summary>
    private protected static void AssertOneLine(Cli.Result r, int exitCode, string expected)
    {
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.True(r.ErrLines.Length == 1, r.ToString());
        Assert.StartsWith("cnnviz: ", r.Err);
        Assert.True(r.Err.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in:\n{r}");
        Assert.DoesNotContain("   at ", r.Err + r.Out);
        Assert.DoesNotContain("Unhandled exception", r.Err + r.Out);
    }

    /// <summary>The folder holds exactly <paramref name="names"/> (no temp files, no half-written outputs).</summary>
    protected void AssertOnly(params string[] names) =>
        Assert.Equal(names.Order(), Directory.EnumerateFileSystemEntries(Dir).Select(Path.GetFileName).Order());

    /// <summary>A data folder with <paramref name="train"/> training and <paramref name="test"/> test images (blank, label 3), raw IDX.</summary>
    protected string TinyData(string name, int train, int test)
    {
        string dir = PathOf(name);
        Directory.CreateDirectory(dir);
        IdxFile.WriteImages(Path.Combine(dir, DataFiles.TrainImagesStem), new byte[train * 784], train, 28, 28, gzip: false);
        IdxFile.WriteLabels(Path.Combine(dir, DataFiles.TrainLabelsStem), Enumerable.Repeat((byte)3, train).ToArray(), gzip: false);
        IdxFile.WriteImages(Path.Combine(dir, DataFiles.TestImagesStem), new byte[test * 784], test, 28, 28, gzip: false);
        IdxFile.WriteLabels(Path.Combine(dir, DataFiles.TestLabelsStem), Enumerable.Repeat((byte)3, test).ToArray(), gzip: false);
        return dir;
    }

    /// <summary>A copy of <paramref name="c"/> with some fields changed (CheckpointData is init-only).</summary>
    protected static CheckpointData With(CheckpointData c, string? model = null, string? optimizer = null, float? lr = null,
        int? batch = null, float[]? firstParameter = null, string? schedule = null, float? weightDecay = null, string? augment = null) => new()
    {
        ModelName = model ?? c.ModelName, Architecture = c.Architecture, OptimizerName = optimizer ?? c.OptimizerName,
        LearningRate = lr ?? c.LearningRate, LearningRateDecay = c.LearningRateDecay, OptimizerSettings = c.OptimizerSettings,
        Schedule = schedule ?? c.Schedule, WarmupSteps = c.WarmupSteps, TotalSteps = c.TotalSteps,
        WeightDecay = weightDecay ?? c.WeightDecay, Augment = augment ?? c.Augment,
        BatchSize = batch ?? c.BatchSize, Seed = c.Seed, Step = c.Step, Epoch = c.Epoch, RngState = c.RngState,
        Permutation = c.Permutation, Position = c.Position,
        Parameters = firstParameter is null ? c.Parameters : [(c.Parameters[0].Name, firstParameter), .. c.Parameters.Skip(1)],
        OptimizerStates = c.OptimizerStates,
    };
}
