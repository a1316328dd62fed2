using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Models;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-ckpt-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);
    private string PathOf(string name) => System.IO.Path.Combine(_dir, name);

    [Theory]
    [InlineData("sgd", 20)]
    [InlineData("momentum", 50)]   // mid-epoch (34 steps per epoch)
    [InlineData("adagrad", 34)]    // exactly at an epoch boundary
    [InlineData("adam", 50)]
    public void SaveAtN_LoadIntoFreshSession_NMoreSteps_EqualsTwoNStraightSteps(string optimizer, int n)
    {
        var straight = TestData.Session(optimizer);
        straight.Step(2 * n);

        var first = TestData.Session(optimizer);
        first.Step(n);
        first.Save(PathOf("a.ckpt"));
        var resumed = TestData.Session(optimizer, seed: 12345); // other seed: everything must come from the file
        resumed.Load(PathOf("a.ckpt"));
        Assert.Equal(n, resumed.StepCount);
        resumed.Step(n);

        Assert.Equal(2 * n, resumed.StepCount);
        Assert.Equal(straight.Epoch, resumed.Epoch);
        Assert.Equal(TestData.Weights(straight), TestData.Weights(resumed));
    }

    [Fact]
    public void LearningRateDecay_SurvivesSaveAndLoad_AndAMismatchIsRefused()
    {
        var config = TestData.Config("momentum") with { LearningRateDecay = 0.5f };
        var straight = new TrainingSession(config, TestData.Split());
        straight.Step(90); // 34 steps per epoch: two decays
        Assert.Equal(0.05f * 0.5f * 0.5f, straight.LearningRate);

        var first = new TrainingSession(config, TestData.Split());
        first.Step(45);
        first.Save(PathOf("d.ckpt"));
        var resumed = new TrainingSession(config, TestData.Split());
        resumed.Load(PathOf("d.ckpt"));
        Assert.Equal(0.025f, resumed.LearningRate);
        resumed.Step(45);
        Assert.Equal(TestData.Weights(straight), TestData.Weights(resumed));

        var e = Assert.Throws<CheckpointException>(() => TestData.Session().Load(PathOf("d.ckpt")));
        Assert.Contains("decay 0.5", e.Message);
    }

    [Fact]
    public void Save_WritesNoTempFileAndOverwritesAtomically()
    {
        var s = TestData.Session();
        s.Step(3);
        s.Save(PathOf("b.ckpt"));
        s.Step(3);
        s.Save(PathOf("b.ckpt"));
        Assert.Equal(["b.ckpt"], Directory.GetFiles(_dir).Select(System.IO.Path.GetFileName));
        Assert.Equal(6, Checkpoint.Read(PathOf("b.ckpt")).Step);
    }

    [Fact]
    public void Load_TruncatedFile_SaysTruncatedAndNamesTheFile()
    {
        var s = TestData.Session();
        s.Save(PathOf("t.ckpt"));
        byte[] bytes = File.ReadAllBytes(PathOf("t.ckpt"));
        File.WriteAllBytes(PathOf("t.ckpt"), bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<CheckpointException>(() => s.Load(PathOf("t.ckpt")));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("t.ckpt", e.Message);
    }

    [Fact]
    public void Load_FlippedByte_SaysCorrupted()
    {
        var s = TestData.Session();
        s.Save(PathOf("c.ckpt"));
        byte[] bytes = File.ReadAllBytes(PathOf("c.ckpt"));
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(PathOf("c.ckpt"), bytes);
        var e = Assert.Throws<CheckpointException>(() => s.Load(PathOf("c.ckpt")));
        Assert.Contains("corrupted", e.Message);
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void Load_NotACheckpoint_SaysSo()
    {
        File.WriteAllText(PathOf("x.ckpt"), "hello, world");
        var e = Assert.Throws<CheckpointException>(() => TestData.Session().Load(PathOf("x.ckpt")));
        Assert.Contains("not a CnnViz checkpoint", e.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var e = Assert.Throws<CheckpointException>(() => TestData.Session().Load(PathOf("missing.ckpt")));
        Assert.Contains("missing.ckpt", e.Message);
    }

    [Fact]
    public void Load_OtherArchitecture_NamesBoth()
    {
        var s = TestData.Session();
        s.Save(PathOf("mlp.ckpt"));
        var wider = new ModelSpec("wider", () => new Sequential(new SampleShape(1, 8, 8),
            new Flatten(), new Dense(48), new ReLU(), new Dense(10)));
        var other = new TrainingSession(TestData.Config() with { Model = wider }, TestData.Split());
        var e = Assert.Throws<CheckpointException>(() => other.Load(PathOf("mlp.ckpt")));
        Assert.Contains("another architecture", e.Message);
        Assert.Contains("Dense 64→32", e.Message);
        Assert.Contains("Dense 64→48", e.Message);
    }

    [Fact]
    public void Load_OtherBatchSize_IsRefused()
    {
        TestData.Session(batch: 16).Save(PathOf("b16.ckpt"));
        var e = Assert.Throws<CheckpointException>(() => TestData.Session(batch: 32).Load(PathOf("b16.ckpt")));
        Assert.Contains("batch size 16", e.Message);
    }

    [Fact]
    public void Restore_MismatchInALaterParameter_LeavesEveryWeightAsItWas()
    {
        var source = TestData.Session();
        source.Step(5);
        var data = source.Capture();
        string lastName = data.Parameters[^1].Name;
        float[][] velocity = data.OptimizerStates[^1].Buffers;   // momentum: one buffer per parameter
        velocity[0] = velocity[0][..^1];                          // the last parameter's state is one value short

        var target = TestData.Session(seed: 12345);
        target.Step(3);
        float[] before = TestData.Weights(target);
        long stepBefore = target.StepCount;
        var e = Assert.Throws<CheckpointException>(() => target.Restore(data));
        Assert.Contains(lastName, e.Message);
        Assert.Equal(before, TestData.Weights(target));
        Assert.Equal(stepBefore, target.StepCount);
    }
}
