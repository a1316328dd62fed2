using CnnViz.Engine.Live;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Tests.Live;

/// <summary>Saving the model file rebuilds the network with the same data and seed; a bad file keeps the old one.</summary>
public sealed class ModelFileWatchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-modelfile-").FullName;
    private string ModelPath => Path.Combine(_dir, "my.net");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Small = "conv 4@3x3 pad 1; relu; maxpool 2; flatten; dense classes";

    [Fact]
    public void TryRebuild_ValidFile_GivesANewSessionAtStep0_WithTheSameDataSeedAndSettings()
    {
        var old = TestData.Session(seed: 9);
        old.Step(5);
        old.TargetEpochs = 3;
        File.WriteAllText(ModelPath, Small);
        using var watch = new ModelFileWatch(ModelPath);

        Assert.True(watch.TryRebuild(old, out var rebuilt, out string message), message);

        Assert.NotNull(rebuilt);
        Assert.Equal(0, rebuilt.StepCount);
        Assert.Same(old.Data, rebuilt.Data);
        Assert.Equal(old.Seed, rebuilt.Seed);
        Assert.Equal(3, rebuilt.TargetEpochs);
        Assert.Equal(old.Config.Optimizer, rebuilt.Config.Optimizer);
        Assert.Equal(["conv1", "relu1", "pool1", "flatten", "fc1"], rebuilt.Model.Layers.Select(l => l.Name));
        Assert.Contains($"{rebuilt.Model.ParameterCount:N0} parameters", message);
        // The same weights as a run started from that description with that seed, and the same first steps.
        var fresh = new TrainingSession(old.Config with { Model = ModelCatalog.Get(Small, old.Data.Train.SampleShape, 10) }, old.Data);
        Assert.Equal(TestData.Weights(fresh), TestData.Weights(rebuilt));
        rebuilt.Step(3); fresh.Step(3);
        Assert.Equal(TestData.Weights(fresh), TestData.Weights(rebuilt));
    }

    [Fact]
    public void TryRebuild_SyntaxError_NamesLineAndColumn_AndKeepsTheOldNetwork()
    {
        var old = TestData.Session();
        File.WriteAllText(ModelPath, "conv 4@3x3 pad 1\nrelu\nmaxpool 2\nflaten\ndense classes");
        using var watch = new ModelFileWatch(ModelPath);

        Assert.False(watch.TryRebuild(old, out var rebuilt, out string message));

        Assert.Null(rebuilt);
        Assert.StartsWith("my.net: line 4, column 1", message);
        Assert.Contains("flaten", message);
        Assert.EndsWith("the old network keeps running", message);
        Assert.DoesNotContain(_dir, message);
    }

    [Fact]
    public void TryRebuild_ShapeThatDoesNotFit_NamesTheLayerAndShapes()
    {
        var old = TestData.Session(); // 8×8 images
        File.WriteAllText(ModelPath, "conv 4@5x5; relu; maxpool 2; conv 8@5x5; flatten; dense classes");
        using var watch = new ModelFileWatch(ModelPath);

        Assert.False(watch.TryRebuild(old, out _, out string message));

        Assert.Contains("conv2", message);
        Assert.Contains("the old network keeps running", message);
    }

    [Fact]
    public void TryRebuild_MissingOrHugeFile_SaysSo()
    {
        var old = TestData.Session();
        using var watch = new ModelFileWatch(ModelPath);
        Assert.False(watch.TryRebuild(old, out _, out string missing));
        Assert.Contains("cannot read the model file", missing);

        File.WriteAllText(ModelPath, new string('#', ModelFile.MaxBytes + 1));
        Assert.False(watch.TryRebuild(old, out _, out string huge));
        Assert.Contains("over 64 KB", huge);
    }

    [Fact]
    public void TakeChange_IsTrueOnce_AfterTheFileSettles()
    {
        File.WriteAllText(ModelPath, Small);
        using var watch = new ModelFileWatch(ModelPath);
        Assert.False(watch.TakeChange());
        watch.MarkChanged();
        Assert.False(watch.TakeChange()); // not settled yet: a save may still be writing
        Thread.Sleep(FileChangeWatch.SettleMilliseconds + 50);
        Assert.True(watch.TakeChange());
        Assert.False(watch.TakeChange());
    }

    [Fact]
    public void SavingTheFile_IsNoticed_WhenTheSystemCanWatch()
    {
        File.WriteAllText(ModelPath, Small);
        using var watch = new ModelFileWatch(ModelPath);
        if (!watch.IsWatching) return; // no inotify here: the window says so at start
        string temp = ModelPath + ".tmp";
        File.WriteAllText(temp, Small + "; # edited");
        File.Move(temp, ModelPath, overwrite: true); // editors save by renaming a temp file over the original
        var deadline = DateTime.UtcNow.AddSeconds(5);
        bool seen = false;
        while (!seen && DateTime.UtcNow < deadline) { Thread.Sleep(50); seen = watch.TakeChange(); }
        Assert.True(seen, "a rename over the model file was not noticed within 5 s");
    }

    [Fact]
    public void FrameController_Replace_KeepsTheViewState_AndDrivesTheNewSession()
    {
        var old = TestData.Session();
        using var frame = new FrameController(old);
        frame.Execute("speed 4");
        frame.Update();
        File.WriteAllText(ModelPath, Small);
        using var watch = new ModelFileWatch(ModelPath);
        Assert.True(watch.TryRebuild(frame.Session, out var rebuilt, out _));

        frame.Replace(rebuilt!);
        frame.Update();

        Assert.Same(rebuilt, frame.Session);
        Assert.Same(rebuilt!.Views, frame.Views);
        Assert.Equal(4, rebuilt.StepCount);   // the pace was kept
        Assert.Equal(4, old.StepCount);       // the old session no longer trains
        Assert.StartsWith("paused", frame.Execute("pause"));
        Assert.True(frame.State.Paused);
    }
}
