using System.Text.Json;
using CnnViz.Engine.Checkpoints;

namespace CnnViz.App.Tests;

public sealed class HeadlessCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-cli-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);
    private string PathOf(string name) => Path.Combine(_dir, name);
    private string Sample => Path.Combine(Cli.RepoRoot, "data", "mnist-sample");

    [Theory]
    [InlineData("--epochs -3", "--epochs must be at least 1, got -3.")]
    [InlineData("--epochs 0", "--epochs must be at least 1, got 0.")]
    [InlineData("--model resnet", "unknown model 'resnet': not a built-in (simple, lenet5, lenet5-classic, lenet5-1998, lenet5-1998-softmax)")]
    [InlineData("--optimizer rmsprop", "unknown optimizer 'rmsprop'")]
    [InlineData("--batch-size 0", "--batch-size must be in 1..65536, got 0.")]
    [InlineData("--lr -1", "--lr must be a positive number")]
    [InlineData("--threads 0", "--threads must be in 1..")]
    [InlineData("--data /no/such/dir", "--data /no/such/dir: no such directory")]
    [InlineData("--dataset cifar", "Unknown data set 'cifar'")]
    [InlineData("--script jump", "--script: unknown command 'jump'; valid commands: pause, resume, step N")]
    [InlineData("--script step_ten", "unknown command 'step_ten'")]
    [InlineData("--epochs abc", "Cannot parse argument 'abc' for option '--epochs'")]
    [InlineData("--no-such-option", "Unrecognized command or argument '--no-such-option'")]
    [InlineData("--augment blur", "unknown augmentation 'blur'; choose one of: none, affine, elastic.")]
    [InlineData("--schedule linear", "unknown schedule 'linear'; choose one of: constant, step, cosine, onecycle.")]
    [InlineData("--recipe turbo", "unknown recipe 'turbo'; choose one of: default, fast, best, paper, paper-distort.")]
    [InlineData("--weight-decay -0.1", "--weight-decay must be a number ≥ 0 (an L2 factor such as 0.0005), got -0.1.")]
    [InlineData("--weight-decay NaN", "--weight-decay must be a number ≥ 0")]
    [InlineData("--warmup 3 --epochs 2", "--warmup 3 epochs is as long as the run (2 epochs) or longer")]
    [InlineData("--schedule cosine --script step_1", "--schedule cosine needs the run's length: give --epochs N.")]
    public void BadArguments_OneLineOnStderr_ExitCode2(string args, string expected)
    {
        var r = Cli.Run(_dir, ["--headless", .. args.Split(' ')]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.ErrLines);
        Assert.StartsWith("cnnviz: ", r.Err);
        Assert.Contains(expected, r.Err);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
    }

    [Fact]
    public void ResumeFromCorruptedCheckpoint_ExitCode2_NamesTheFile()
    {
        File.WriteAllBytes(PathOf("bad.ckpt"), [1, 2, 3, 4]);
        var r = Cli.Run(_dir, "--headless", "--data", Sample, "--resume", PathOf("bad.ckpt"));
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.ErrLines);
        Assert.Contains("bad.ckpt", r.Err);
        Assert.Contains("not a CnnViz checkpoint", r.Err);
    }

    [Fact]
    public void NoDisplay_SaysWhy_TrainsHeadless_WritesReport()
    {
        var r = Cli.Run(_dir, "--data", Sample, "--limit", "1000", "--epochs", "2", "--batch-size", "32", "--report", PathOf("r.json"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("cnnviz: no display (DISPLAY is not set): training headless; use --headless to skip this check", r.Out);
        Assert.Contains("data: MNIST sample from", r.Out);
        Assert.Contains("test accuracy", r.Out);
        Assert.Equal(["r.json"], Directory.GetFiles(_dir).Select(Path.GetFileName)); // no temp file left behind

        using var report = JsonDocument.Parse(File.ReadAllText(PathOf("r.json")));
        var root = report.RootElement;
        Assert.Equal("lenet5", root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.Equal(32, root.GetProperty("batch_size").GetInt32());
        Assert.Equal("adam", root.GetProperty("optimizer").GetString());
        Assert.Equal(900, root.GetProperty("train_images").GetInt32());
        Assert.Equal(100, root.GetProperty("validation_images").GetInt32());
        Assert.Equal(1000, root.GetProperty("test_images").GetInt32());
        var epochs = root.GetProperty("per_epoch");
        Assert.Equal(2, epochs.GetArrayLength());
        foreach (var e in epochs.EnumerateArray())
            foreach (string key in new[] { "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "test_accuracy" })
                Assert.InRange(e.GetProperty(key).GetDouble(), 0, 10);
        double test = root.GetProperty("test_accuracy").GetDouble();
        Assert.Equal(epochs[1].GetProperty("test_accuracy").GetDouble(), test); // the last epoch ends at the last step
        Assert.True(test > 0.5, $"test accuracy {test}");
        Assert.True(root.GetProperty("images_per_second").GetDouble() > 0);
        Assert.True(root.GetProperty("wall_seconds").GetDouble() > 0);
    }

    [Fact]
    public void ScriptSaveThenResume_EqualsOneStraightRun_BitForBit()
    {
        string[] common = ["--headless", "--data", Sample, "--limit", "600", "--batch-size", "16", "--optimizer", "adam"];
        var straight = Cli.Run(_dir, [.. common, "--script", $"step 50; save {PathOf("straight.ckpt")}"]);
        var first = Cli.Run(_dir, [.. common, "--script", $"step 25; save {PathOf("half.ckpt")}"]);
        var second = Cli.Run(_dir, [.. common, "--resume", PathOf("half.ckpt"), "--script", $"step 25; save {PathOf("resumed.ckpt")}"]);
        Assert.True(straight.ExitCode == 0, straight.ToString());
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("resumed lenet5", second.Out);

        var a = Checkpoint.Read(PathOf("straight.ckpt"));
        var b = Checkpoint.Read(PathOf("resumed.ckpt"));
        Assert.Equal(50, a.Step);
        Assert.Equal(50, b.Step);
        for (int i = 0; i < a.Parameters.Count; i++)
            Assert.Equal(a.Parameters[i].Values, b.Parameters[i].Values);
    }

    [Fact]
    public void ResumeWithoutRepeatingTheSettings_ContinuesTheAugmentedScheduledRun_BitForBit()
    {
        string[] data = ["--headless", "--data", Sample, "--limit", "600", "--batch-size", "16", "--optimizer", "adam"];
        string[] settings = ["--augment", "affine", "--schedule", "cosine", "--epochs", "3", "--warmup", "0.5", "--weight-decay", "0.001"];
        var straight = Cli.Run(_dir, [.. data, .. settings, "--script", $"step 50; save {PathOf("straight.ckpt")}"]);
        var first = Cli.Run(_dir, [.. data, .. settings, "--script", $"step 25; save {PathOf("half.ckpt")}"]);
        var second = Cli.Run(_dir, [.. data, "--resume", PathOf("half.ckpt"), "--script", $"step 25; save {PathOf("resumed.ckpt")}"]);
        Assert.True(straight.ExitCode == 0, straight.ToString());
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());

        var half = Checkpoint.Read(PathOf("half.ckpt"));
        Assert.Equal(("cosine", 17L, 102L, 0.001f, "affine"), (half.Schedule, half.WarmupSteps, half.TotalSteps, half.WeightDecay, half.Augment));
        var a = Checkpoint.Read(PathOf("straight.ckpt"));
        var b = Checkpoint.Read(PathOf("resumed.ckpt"));
        Assert.Equal(50, b.Step);
        Assert.Equal(a.LearningRate, b.LearningRate);
        for (int i = 0; i < a.Parameters.Count; i++)
            Assert.Equal(a.Parameters[i].Values, b.Parameters[i].Values);
        Assert.Equal(File.ReadAllBytes(PathOf("straight.ckpt")), File.ReadAllBytes(PathOf("resumed.ckpt")));
    }

    [Fact]
    public void PlainResume_OfACosineRun_TrainsToTheEndOfItsSchedule_LikeTheStraightRun()
    {
        string[] data = ["--headless", "--data", Sample, "--limit", "300", "--threads", "1"];
        string[] settings = ["--schedule", "cosine", "--epochs", "2", "--augment", "affine"];
        var straight = Cli.Run(_dir, [.. data, .. settings, "--checkpoint", PathOf("straight.ckpt")]);
        var first = Cli.Run(_dir, [.. data, .. settings, "--script", $"step 3; save {PathOf("part.ckpt")}"]);
        var rest = Cli.Run(_dir, [.. data, "--resume", PathOf("part.ckpt"), "--checkpoint", PathOf("resumed.ckpt")]);
        Assert.True(straight.ExitCode == 0 && first.ExitCode == 0 && rest.ExitCode == 0, $"{straight}\n{first}\n{rest}");
        Assert.Contains("2 epoch(s), 10 steps", rest.Out);
        Assert.Equal(File.ReadAllBytes(PathOf("straight.ckpt")), File.ReadAllBytes(PathOf("resumed.ckpt")));

        var longer = Cli.Run(_dir, [.. data, "--resume", PathOf("part.ckpt"), "--epochs", "5"]);
        Assert.Equal(2, longer.ExitCode);
        Assert.Contains("it was trained with the cosine schedule (warm-up 0, length 10 steps), this session uses cosine (warm-up 0, length 25 steps)", longer.Err);
    }

    [Fact]
    public void Recipe_FillsTheUnsetOptions_AndTheReportRecordsEverySetting()
    {
        var r = Cli.Run(_dir, "--headless", "--data", Sample, "--limit", "600", "--recipe", "fast", "--epochs", "1",
            "--augment", "elastic", "--weight-decay", "0.0005", "--report", PathOf("r.json"));
        Assert.True(r.ExitCode == 0, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(PathOf("r.json")));
        var root = report.RootElement;
        Assert.Equal("fast", root.GetProperty("recipe").GetString());
        Assert.Equal("onecycle", root.GetProperty("schedule").GetString());   // from the recipe
        Assert.Equal(64, root.GetProperty("batch_size").GetInt32());          // from the recipe
        Assert.Equal(1, root.GetProperty("epochs").GetInt32());               // given: overrides the recipe's 3
        Assert.Equal("elastic", root.GetProperty("augment").GetString());
        Assert.Equal(0.0005, root.GetProperty("weight_decay").GetDouble(), 6);
        Assert.Equal(0.005, root.GetProperty("start_learning_rate").GetDouble(), 6);
        var epoch = root.GetProperty("per_epoch")[0];
        Assert.Equal(epoch.GetProperty("train_seconds").GetDouble(), epoch.GetProperty("cumulative_train_seconds").GetDouble());
        var reached = root.GetProperty("time_to_accuracy").GetProperty("0.980");
        Assert.True(reached.GetProperty("epoch").ValueKind is JsonValueKind.Null or JsonValueKind.Number);
    }

    [Fact]
    public void Divergence_ExitCode1_NamesALayer()
    {
        var r = Cli.Run(_dir, "--headless", "--data", Sample, "--limit", "500", "--optimizer", "sgd", "--lr", "1e30");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Matches("cnnviz: training diverged at step \\d+: .*layer \\w+", r.Err);
    }

    [Fact]
    public void PlotUnavailable_IsAClearMessage_NotAStackTrace()
    {
        var r = Cli.Run(_dir, "--headless", "--data", Sample, "--limit", "200", "--plot", PathOf("curves.png"));
        if (File.Exists(PathOf("curves.png")))
        {
            // The renderer draws plots in this build: a real PNG, exit code 0.
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(PathOf("curves.png"))[..4]);
            return;
        }
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.ErrLines);
        Assert.Contains("--plot", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
