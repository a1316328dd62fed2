using CnnViz.Engine.Checkpoints;

namespace CnnViz.App.Tests.Hostile;

/// <summary>One real checkpoint of the tiny run (simple model, batch 8, adam), made once for the class.</summary>
public sealed class TinyCheckpoint : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-hostile-ckpt-").FullName;

    public TinyCheckpoint()
    {
        Path = System.IO.Path.Combine(_dir, "base.ckpt");
        var r = Cli.Run(_dir, ["--headless", "--data", System.IO.Path.Combine(Cli.RepoRoot, "data", "mnist-sample"), "--limit", "40", "--batch-size", "8",
            "--model", "simple", "--script", $"step 2; save {Path}"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Data = Checkpoint.Read(Path);
    }

    public string Path { get; }
    public CheckpointData Data { get; }
    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

/// <summary>Issue 16 group 6: --resume checks every field before building anything, and flags that contradict it.</summary>
public sealed class CheckpointInputTests(TinyCheckpoint checkpoint) : Hostile, IClassFixture<TinyCheckpoint>
{
    private string Forged(CheckpointData data)
    {
        string path = PathOf("forged.ckpt");
        Checkpoint.Write(data, path); // a valid checksum over fields this build cannot use
        return path;
    }

    public static TheoryData<string, string> BadFields => new()
    {
        { "optimizer", "it uses optimizer 'lion', which this build does not know" },
        { "lr", "its learning rate is NaN, not a positive number" },
        { "batch0", "its batch size is 0, outside 1..65536" },
        { "batchMax", "its batch size is 2147483647, outside 1..65536" },
        { "weights", "holds NaN or infinite values" },
        { "schedule", "it uses schedule 'linear', which this build does not know" },
        { "decay", "its weight decay is NaN, not a number ≥ 0" },
        { "augment", "it uses augmentation 'blur', which this build does not know" },
    };

    private CheckpointData Break(string field) => field switch
    {
        "optimizer" => With(checkpoint.Data, optimizer: "lion"),
        "model" => With(checkpoint.Data, model: "resnet9000"),
        "lr" => With(checkpoint.Data, lr: float.NaN),
        "batch0" => With(checkpoint.Data, batch: 0),
        "batchMax" => With(checkpoint.Data, batch: int.MaxValue),
        "schedule" => With(checkpoint.Data, schedule: "linear"),
        "decay" => With(checkpoint.Data, weightDecay: float.NaN),
        "augment" => With(checkpoint.Data, augment: "blur"),
        _ => With(checkpoint.Data, firstParameter: [.. checkpoint.Data.Parameters[0].Values.Select((v, i) => i == 3 ? float.NaN : v)]),
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void Resume_ValidChecksumButUnusableField_OneLine(string field, string expected)
    {
        string path = Forged(Break(field));
        var r = Run([.. Tiny, "--resume", path, "--checkpoint", PathOf("out.ckpt")]);
        AssertOneLine(r, 2, expected);
        Assert.Contains($"checkpoint '{path}': ", r.Err);
        Assert.DoesNotContain("data:", r.Out); // refused before the data was loaded or a model built
        AssertOnly("forged.ckpt");
    }

    [Fact]
    public void Resume_UnknownModel_OneLine()
    {
        string path = Forged(Break("model"));
        var r = Run([.. Tiny, "--resume", path]);
        AssertOneLine(r, 2, $"checkpoint '{path}': it holds model 'resnet9000', which this build does not know");
        AssertOnly("forged.ckpt");
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public void ScriptLoad_SameFiles_SameMessage(string field, string expected)
    {
        string path = Forged(Break(field));
        AssertOneLine(Run([.. Tiny, "--script", $"step 1; load {path}"]), 2, expected);
    }

    [Theory]
    [InlineData("--model", "lenet5", "--model lenet5 contradicts the checkpoint")]
    [InlineData("--batch-size", "16", "--batch-size 16 contradicts the checkpoint")]
    [InlineData("--optimizer", "sgd", "--optimizer sgd contradicts the checkpoint")]
    [InlineData("--lr-decay", "0.5", "--lr-decay 0.5 contradicts the checkpoint")]
    [InlineData("--schedule", "constant", "--schedule constant contradicts the checkpoint")]
    [InlineData("--weight-decay", "0.01", "--weight-decay 0.01 contradicts the checkpoint")]
    [InlineData("--augment", "affine", "--augment affine contradicts the checkpoint")]
    public void Resume_ContradictingFlag_Refused(string option, string value, string expected)
    {
        string[] args = ["--headless", "--data", Sample, "--limit", "40", "--resume", checkpoint.Path, option, value, "--checkpoint", PathOf("out.ckpt")];
        AssertOneLine(Run(args), 2, expected);
        AssertOnly();
    }

    [Fact]
    public void Resume_AgreeingFlags_Accepted()
    {
        var r = Run([.. Tiny, "--resume", checkpoint.Path, "--script", "step 1"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("resumed simple", r.Out);
    }

    [Fact]
    public void Resume_ExplicitLr_AppliedAndSaidOnStdout()
    {
        var r = Run([.. Tiny, "--resume", checkpoint.Path, "--lr", "0.5", "--script", $"step 1; save {PathOf("next.ckpt")}"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"--lr 0.5 replaces the checkpoint's learning rate {checkpoint.Data.LearningRate}", r.Out);
        Assert.Equal(0.5f, Checkpoint.Read(PathOf("next.ckpt")).LearningRate);
        AssertOnly("next.ckpt");
    }
}
