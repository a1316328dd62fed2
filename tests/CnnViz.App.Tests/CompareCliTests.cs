using System.Text.Json;

namespace CnnViz.App.Tests;

public sealed class CompareCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-compare-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);
    private string PathOf(string name) => Path.Combine(_dir, name);
    private string Sample => Path.Combine(Cli.RepoRoot, "data", "mnist-sample");

    [Theory]
    [InlineData("--compare colour=red", "--compare: unknown key 'colour'; keys: pool=max|avg, activation=relu|tanh|sigmoid")]
    [InlineData("--compare pool=median", "--compare: pool=median: not a pool kind; valid: pool=max|avg.")]
    [InlineData("--compare lr=fast", "--compare: lr=fast: not a positive number; valid: lr=a positive number such as 0.01.")]
    [InlineData("--compare batch-size=-4", "batch-size=-4: not a whole number in 1..65536")]
    [InlineData("--compare pool=max", "--compare pool=max: this is run A's own setting, so run B would be identical to A")]
    [InlineData("--compare optimizer=adam", "identical to A")]
    [InlineData("--compare model=conv_6@29x29;flatten;dense_classes", "--compare: model= makes a model that cannot be built")]
    [InlineData("--model lenet5-1998 --compare pool=avg", "pool= rewrites a model description, and lenet5-1998 is built in code")]
    [InlineData("--compare pool=avg --resume x.ckpt", "--compare starts both runs from one fresh initialization")]
    [InlineData("--snapshot-every -1", "--snapshot-every must be 0 (off) or a number of steps ≥ 1, got -1.")]
    [InlineData("--snapshot-budget 0", "--snapshot-budget must be a number of MB in (0, 1000000], e.g. 64, got 0.")]
    [InlineData("--snapshot-every 5 --snapshot-budget 0.01", "--snapshot-budget: A snapshot budget of 0.01 MB holds fewer than 2 snapshots")]
    public void BadCompareAndSnapshotArguments_OneLine_ExitCode2(string args, string expected)
    {
        string[] split = [.. args.Split(' ').Select(a => a.Replace('_', ' '))];
        var r = Cli.Run(_dir, ["--headless", "--data", Sample, "--limit", "200", .. split]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.ErrLines);
        Assert.Contains(expected, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void EachRunOfTheComparison_EqualsTheSameRunAlone_AndTheReportHoldsBoth()
    {
        // lr=0.001 keeps every shape, so B alone is simply the plain run with --lr 0.001 (the same seed draws the same start).
        string[] common = ["--headless", "--data", Sample, "--limit", "600", "--batch-size", "32", "--epochs", "1"];
        var both = Cli.Run(_dir, [.. common, "--compare", "lr=0.001", "--report", PathOf("c.json")]);
        var a = Cli.Run(_dir, [.. common, "--report", PathOf("a.json")]);
        var b = Cli.Run(_dir, [.. common, "--lr", "0.001", "--report", PathOf("b.json")]);
        Assert.True(both.ExitCode == 0, both.ToString());
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.ToString() + b);
        Assert.Contains("B starts from A's initial values for 10 of its 10 parameter tensors", both.Out);

        using var compared = JsonDocument.Parse(File.ReadAllText(PathOf("c.json")));
        var root = compared.RootElement;
        Assert.Equal("lr=0.001", root.GetProperty("compare").GetString());
        var runs = root.GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        Assert.Equal("A", runs[0].GetProperty("run").GetString());
        Assert.Equal(0.001, runs[1].GetProperty("start_learning_rate").GetDouble(), 6);
        foreach (var (run, alone) in new[] { (runs[0], PathOf("a.json")), (runs[1], PathOf("b.json")) })
        {
            using var single = JsonDocument.Parse(File.ReadAllText(alone));
            foreach (string key in new[] { "test_accuracy", "test_loss", "steps", "model", "optimizer" })
                Assert.Equal(single.RootElement.GetProperty(key).ToString(), run.GetProperty(key).ToString());
            Assert.Equal(single.RootElement.GetProperty("per_epoch")[0].GetProperty("train_loss").GetDouble(),
                run.GetProperty("per_epoch")[0].GetProperty("train_loss").GetDouble());
        }
        var d = root.GetProperty("test_disagreement");
        Assert.Equal(600, d.GetProperty("images").GetInt32());
    }

    [Fact]
    public void AScript_ActsOnTheFocusedRun_AndAWindowOnlyCommandIsOneLine()
    {
        string[] common = ["--headless", "--data", Sample, "--limit", "600", "--compare", "lr=0.0005"];
        var r = Cli.Run(_dir, [.. common, "--script", "epochs 1; focus; lr 0.001; resume", "--report", PathOf("s.json")]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("> focus: focus on run B (lr=0.0005)", r.Out);
        using var report = JsonDocument.Parse(File.ReadAllText(PathOf("s.json")));
        var runs = report.RootElement.GetProperty("runs");
        Assert.Equal(0.002, runs[0].GetProperty("start_learning_rate").GetDouble(), 6);   // A untouched
        Assert.Equal(0.001, runs[1].GetProperty("start_learning_rate").GetDouble(), 6);   // lr went to the focused run, B

        var bad = Cli.Run(_dir, [.. common, "--script", "step 2; draw"]);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Single(bad.ErrLines);
        Assert.Contains("'draw' follows one run's drawn digit; it is not available in a comparison", bad.Err);
    }
}
