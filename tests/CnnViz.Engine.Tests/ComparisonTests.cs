using CnnViz.Core.Tensors;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Tests;

public class ComparisonTests
{
    // 540 training images / batch 16 = 34 steps per epoch: 40 steps cross an epoch end (a reshuffle).
    private const string Net = "conv 4@3x3 pad 1; relu; maxpool 2; flatten; dense 16; relu; dense classes";
    private static readonly SampleShape Shape = new(1, 8, 8);

    private static SessionConfig ConfigA(string optimizer = "adam") =>
        TestData.Config(optimizer) with { Model = ModelCatalog.Get(Net, Shape, 10) };

    private static byte[] CheckpointBytes(TrainingSession s)
    {
        string path = Path.Combine(Path.GetTempPath(), $"cnnviz-compare-{Guid.NewGuid():N}.ckpt");
        try { s.Save(path); return File.ReadAllBytes(path); }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("pool=avg")]
    [InlineData("activation=tanh")]
    [InlineData("init=xavier")]
    [InlineData("optimizer=sgd,lr=0.05")]
    [InlineData("batch-size=8")]
    [InlineData("model=conv 6@3x3 pad 1; relu; maxpool 2; flatten; dense classes")]
    public void EachRunOfAComparison_EqualsTheSameRunTrainedAlone(string change)
    {
        var data = TestData.Split();
        var comparison = new Comparison(ConfigA(), ComparisonChange.Parse(change), data);
        comparison.Step(40);

        var aloneA = new TrainingSession(ConfigA(), data);
        aloneA.Step(40);
        Assert.Equal(CheckpointBytes(aloneA), CheckpointBytes(comparison.A));

        // B alone: trained with the changed settings from the shared start (a fresh A's), without A stepping beside it.
        var aloneB = new TrainingSession(comparison.B.Config, data);
        aloneB.StartFrom(new TrainingSession(ConfigA(), data));
        aloneB.Step(40);
        Assert.Equal(CheckpointBytes(aloneB), CheckpointBytes(comparison.B));
        Assert.NotEqual(CheckpointBytes(comparison.A), CheckpointBytes(comparison.B));   // the change made a difference
    }

    [Theory]
    [InlineData("pool=avg")]
    [InlineData("lr=0.0005")]
    [InlineData("optimizer=momentum")]
    public void SameShapes_BIsTheRunItsOwnSettingsGiveFromTheSameSeed(string change)
    {
        // An independent check of the shared start: where the shapes are the same, the same seed already draws the same
        // initial weights and shuffles, so B must be exactly a plain session with B's settings.
        var data = TestData.Split();
        var comparison = new Comparison(ConfigA(), ComparisonChange.Parse(change), data);
        Assert.Equal(TestData.Weights(comparison.A), TestData.Weights(comparison.B));
        Assert.Equal(comparison.B.Model.Parameters.Count(), comparison.SharedParameters);
        comparison.Step(40);
        var plain = new TrainingSession(comparison.B.Config, data);
        plain.Step(40);
        Assert.Equal(CheckpointBytes(plain), CheckpointBytes(comparison.B));
    }

    [Fact]
    public void OtherShapes_ShareOnlyTheParametersWhoseNameAndSizeMatch()
    {
        var data = TestData.Split();
        var c = new Comparison(ConfigA(), ComparisonChange.Parse("model=conv 4@3x3 pad 1; relu; maxpool 2; flatten; dense 24; relu; dense classes"), data);
        // conv1's weight and bias match; dense 16 → 24 changes fc1 and fc2 shapes (the last dense's bias still has 10).
        var a = c.A.Model.Parameters.ToDictionary(p => p.Name);
        int same = 0;
        foreach (var p in c.B.Model.Parameters)
            if (a.TryGetValue(p.Name, out var q) && q.Length == p.Length) { Assert.Equal(q.Value, p.Value); same++; }
        Assert.Equal(same, c.SharedParameters);
        Assert.InRange(same, 1, c.B.Model.Parameters.Count() - 1);
    }

    [Fact]
    public void ResetAndSeek_ActOnBothRuns_AndBStartsFromAAgain()
    {
        var data = TestData.Split();
        var c = new Comparison(ConfigA() with { SnapshotEvery = 10 }, ComparisonChange.Parse("pool=avg"), data);
        c.Step(30);
        var replay = new Comparison(ConfigA() with { SnapshotEvery = 10 }, ComparisonChange.Parse("pool=avg"), data);
        replay.Step(20);
        byte[] b20 = CheckpointBytes(replay.B);
        Assert.Equal((20L, 20L), c.Seek(20));
        Assert.Equal(b20, CheckpointBytes(c.B));
        c.Reset(9);
        Assert.Equal(9UL, c.B.Seed);
        Assert.Equal(0, c.B.StepCount);
        Assert.Equal(TestData.Weights(c.A), TestData.Weights(c.B));
    }

    [Theory]
    [InlineData("colour=red", "unknown key 'colour'")]
    [InlineData("pool=median", "pool=median: not a pool kind; valid: pool=max|avg")]
    [InlineData("lr=fast", "lr=fast: not a positive number")]
    [InlineData("lr=-1", "lr=-1: not a positive number")]
    [InlineData("batch-size=0", "batch-size=0: not a whole number in 1..65536")]
    [InlineData("init=simple:x", "init=simple:x: not an initializer")]
    [InlineData("pool", "pool needs a value: pool=max|avg")]
    [InlineData("pool=avg,pool=max", "pool is given twice")]
    [InlineData("", "--compare needs KEY=VALUE")]
    public void BadChanges_AreOneLineNamingTheKeyAndTheValidForms(string text, string expected)
    {
        var e = Assert.Throws<ComparisonException>(() => ComparisonChange.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("pool=max", "identical to A")]
    [InlineData("optimizer=adam", "identical to A")]
    [InlineData("model=conv 4@9x9; flatten; dense classes", "cannot be built")]
    public void ImpossibleOrIdenticalChanges_AreRefused(string text, string expected)
    {
        var e = Assert.Throws<ComparisonException>(() => new Comparison(ConfigA(), ComparisonChange.Parse(text), TestData.Split()));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ACodeBuiltModel_HasNoDescriptionForPoolToRewrite()
    {
        var e = Assert.Throws<ComparisonException>(() =>
            ComparisonChange.Parse("pool=avg").Apply(TestData.Config() with { Model = ModelCatalog.Get("lenet5-1998") }, new SampleShape(1, 28, 28), 10));
        Assert.Contains("lenet5-1998 is built in code", e.Message);
    }

    [Fact]
    public void PoolAfterModel_NamesTheModelItWouldRewrite()
    {
        var e = Assert.Throws<ComparisonException>(() =>
            ComparisonChange.Parse("model=lenet5-1998,pool=avg").Apply(TestData.Config() with { Model = ModelCatalog.Get("lenet5") }, new SampleShape(1, 28, 28), 10));
        Assert.Contains("lenet5-1998 is built in code", e.Message);
    }
}
