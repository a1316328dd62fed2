using CnnViz.Engine.Commands;
using CnnViz.Engine.Checkpoints;

namespace CnnViz.Engine.Tests;

public class TimelineTests
{
    // 540 training images / batch 16 = 34 steps per epoch: the runs below cross epoch boundaries.
    private static TrainingSession Session(string optimizer = "adam", int every = 10, long budget = 64L << 20) =>
        new(TestData.Config(optimizer) with { SnapshotEvery = every, SnapshotBudgetBytes = budget }, TestData.Split());

    /// <summary>The checkpoint file's bytes: the whole training state (weights, optimizer, RNG, epoch order, step).</summary>
    private static byte[] CheckpointBytes(TrainingSession s)
    {
        string path = Path.Combine(Path.GetTempPath(), $"cnnviz-timeline-{Guid.NewGuid():N}.ckpt");
        try { s.Save(path); return File.ReadAllBytes(path); }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("momentum")]
    public void SeekBack_ThenReplay_GivesByteIdenticalCheckpoints(string optimizer)
    {
        var s = Session(optimizer);
        s.Step(73);
        byte[] at73 = CheckpointBytes(s);
        s.Step(27);
        byte[] at100 = CheckpointBytes(s);
        var metricsAt100 = s.Metrics.Steps.ToArray();

        Assert.Equal(20, s.Seek(20));            // a snapshot
        Assert.Equal(20, s.Metrics.Steps.Length);
        Assert.Equal(73, s.Seek(73));            // forward from there: replayed, not restored
        Assert.Equal(at73, CheckpointBytes(s));
        Assert.Equal(5, s.Seek(5));              // between snapshots: step 0 + 5 replayed
        var fresh = Session(optimizer);
        fresh.Step(5);
        Assert.Equal(CheckpointBytes(fresh), CheckpointBytes(s));
        Assert.Equal(100, s.Seek(100));          // forward again: trained on, the graphs with it
        Assert.Equal(at100, CheckpointBytes(s));
        Assert.Equal(metricsAt100, s.Metrics.Steps.ToArray());
    }

    [Fact]
    public void ChangeAtAPastStep_StartsABranch_ThatDiffersOnlyAfterTheBranchPoint()
    {
        var original = Session();
        var weights = new List<float[]>();      // weights after each step 0..60 of the original trajectory
        weights.Add(TestData.Weights(original));
        for (int i = 0; i < 60; i++) { original.Step(); weights.Add(TestData.Weights(original)); }

        var s = original;
        s.Seek(30);
        Assert.Equal(weights[30], TestData.Weights(s));   // up to the branch point: the original
        s.LearningRate = 0.0003f;
        Assert.Equal([new Timelines.BranchPoint(30, "lr 0.0003")], s.Timeline!.Branches);
        Assert.Equal(30, s.Timeline.Head);
        Assert.True(s.Timeline.StepAt(s.Timeline.Count - 1) <= 30, "snapshots of the abandoned trajectory are dropped");
        for (int step = 31; step <= 60; step++)
        {
            s.Step();
            Assert.NotEqual(weights[step], TestData.Weights(s));  // after it: another trajectory
        }
        // Seeking inside the branch replays the branch, not the original.
        float[] branchAt60 = TestData.Weights(s);
        s.Seek(45);
        s.Seek(60);
        Assert.Equal(branchAt60, TestData.Weights(s));
    }

    [Fact]
    public void ChangeAtTheHead_IsNotABranch()
    {
        var s = Session();
        s.Step(12);
        s.LearningRate = 0.0003f;
        Assert.Empty(s.Timeline!.Branches);
    }

    [Fact]
    public void MemoryBudget_HoldsOverALongRun_OldSnapshotsThinned_AndSeekStillExact()
    {
        long snapshot = Session().Timeline!.SnapshotBytes;
        var s = Session(every: 1, budget: 6 * snapshot + snapshot / 2);
        var timeline = s.Timeline!;
        Assert.Equal(6, timeline.Capacity);
        for (int i = 0; i < 1500; i++)
        {
            s.Step();
            Assert.True(timeline.BytesAllocated <= timeline.BudgetBytes, $"step {s.StepCount}: {timeline.BytesAllocated} > {timeline.BudgetBytes}");
            Assert.True(timeline.Count <= timeline.Capacity);
        }
        Assert.Equal(6, timeline.Count);
        Assert.Equal(0, timeline.StepAt(0));
        Assert.Equal(1500, timeline.StepAt(5));
        for (int i = 2; i < timeline.Count; i++)   // older gaps are wider: thinned by age
            Assert.True(timeline.StepAt(i) - timeline.StepAt(i - 1) <= timeline.StepAt(i - 1) - timeline.StepAt(i - 2),
                $"gaps should shrink toward the present: {string.Join(", ", Enumerable.Range(0, timeline.Count).Select(timeline.StepAt))}");

        // Full: a step (with its snapshot) allocates nothing more than without a timeline.
        long before = GC.GetAllocatedBytesForCurrentThread();
        s.Step(20);
        long withTimeline = GC.GetAllocatedBytesForCurrentThread() - before;
        var plain = TestData.Session("adam");
        plain.Step(1500);
        before = GC.GetAllocatedBytesForCurrentThread();
        plain.Step(20);
        long without = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(withTimeline <= without, $"20 steps with a full timeline allocated {withTimeline} bytes, without one {without}");

        long old = timeline.StepAt(1);
        s.Seek(old + 3);
        var fresh = Session(every: 1, budget: 6 * snapshot + snapshot / 2);
        fresh.Step((int)old + 3);
        Assert.Equal(CheckpointBytes(fresh), CheckpointBytes(s));
    }

    [Fact]
    public void TooSmallBudget_SaysHowMuchIsNeeded()
    {
        var e = Assert.Throws<Timelines.TimelineBudgetException>(() => Session(budget: 1000));
        Assert.Contains("fewer than 2 snapshots", e.Message);
    }

    [Fact]
    public void SeekCommand_MovesTheRun_AndWithoutATimeline_SaysHowToGetOne()
    {
        var s = Session();
        var run = new CommandExecutor(s) { Headless = true };
        run.Run(CommandParser.Default.ParseScript("step 40; seek 12"));
        Assert.Equal(12, s.StepCount);
        var plain = new CommandExecutor(TestData.Session());
        var e = Assert.Throws<CommandException>(() => plain.Execute(CommandParser.Default.Parse("seek 3")));
        Assert.Contains("no timeline", e.Message);
        Assert.Throws<CommandException>(() => CommandParser.Default.Parse("seek -1"));
    }
}
