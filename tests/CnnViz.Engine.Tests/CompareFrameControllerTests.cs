using CnnViz.Core.Tensors;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Live;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Tests;

public class CompareFrameControllerTests
{
    private static Comparison Create(string change = "pool=avg", int snapshotEvery = 10) => new(
        TestData.Config("adam") with { Model = ModelCatalog.Get("conv 4@3x3 pad 1; relu; maxpool 2; flatten; dense classes", new SampleShape(1, 8, 8), 10), SnapshotEvery = snapshotEvery },
        ComparisonChange.Parse(change), TestData.Split());

    [Fact]
    public void LockstepCommands_ActOnBoth_OtherCommands_OnTheFocusedRun()
    {
        var c = Create();
        using var frame = new CompareFrameController(c);
        frame.Execute("step 25");
        Assert.Equal((25L, 25L), (c.A.StepCount, c.B.StepCount));
        Assert.Contains("focus on run B (pool=avg)", frame.Execute("focus"));
        float a = c.A.LearningRate;
        frame.Execute("lr 0.0001");
        Assert.Equal(a, c.A.LearningRate);
        Assert.Equal(0.0001f, c.B.LearningRate);
        frame.Execute("seek 10");
        Assert.Equal((10L, 10L), (c.A.StepCount, c.B.StepCount));
        frame.Execute("focus A");
        Assert.Equal(0, c.Focus);
        Assert.Contains("expected A or B", frame.Execute("focus C"));
        Assert.NotNull(frame.LastCommandError);
        Assert.Contains("not available in a comparison", frame.Execute("draw"));
        frame.Execute("reset 3");
        Assert.Equal((0L, 0L), (c.A.StepCount, c.B.StepCount));
        Assert.Equal(TestData.Weights(c.A), TestData.Weights(c.B));
    }

    [Fact]
    public void WithoutSnapshots_SeekSaysHowToGetThem()
    {
        using var frame = new CompareFrameController(Create(snapshotEvery: 0));
        Assert.Contains("--snapshot-every N", frame.Execute("seek 3"));
    }

    [Fact]
    public void SteadyStateUpdates_OfBothRuns_AllocateNothing()
    {
        var c = Create(snapshotEvery: 0);
        using var frame = new CompareFrameController(c);
        c.Step(40);   // warm up (JIT, optimizer state, an epoch end)
        c.FinishEvaluations();
        frame.Execute("speed 2");
        for (int i = 0; i < 3; i++) { frame.Update(); frame.EndFrame(0.1, 0.2); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) { frame.Update(); frame.EndFrame(0.1, 0.2); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
