using CnnViz.App.Live;
using CnnViz.Engine;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Data;
using CnnViz.Engine.Live;
using CnnViz.Engine.Models;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>The window of a comparison (--compare), rendered offscreen after real lockstep steps on the committed sample.</summary>
[Collection(GlCollection.Name)]
public sealed class CompareSceneTests(ITestOutputHelper output)
{
    private static Comparison Create(int snapshotEvery = 0)
    {
        var data = SampleSession.Data;
        var split = DataSplit.HoldOut(data.Train.Take(2000), data.Test.Take(500));
        var config = new SessionConfig
        {
            Model = ModelCatalog.Get("lenet5", split.Train.SampleShape, split.Train.Classes),
            BatchSize = 64,
            SnapshotEvery = snapshotEvery,
        };
        return new Comparison(config, ComparisonChange.Parse("pool=avg"), split);
    }

    /// <summary>The compare window's frame as <see cref="CompareWindow"/> runs it: input → Update → Draw.</summary>
    private sealed class Frames(IRenderSurface surface, Comparison comparison, InputQueue input) : IDisposable
    {
        public CompareFrameController Controller { get; } = new(comparison);
        public CompareViewer Viewer { get; private set; } = null!;
        public Frames Open() { Viewer = new CompareViewer(surface, Controller.Views); return this; }
        public void Run()
        {
            CompareWindow.Input(input, Controller, Viewer);
            Controller.Update();
            CompareWindow.Draw(Controller, Viewer);
        }
        public void Dispose() { Viewer.Dispose(); Controller.Dispose(); }
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1024, 600)]
    public void SteadyStateCompareFrames_AllocateNothing(int width, int height)
    {
        using var surface = Gpu.Offscreen(output, width, height);
        if (surface is null) return;
        var comparison = Create();
        comparison.Step(5);
        using var frames = new Frames(surface, comparison, new InputQueue()).Open();
        frames.Controller.State.Paused = true;
        for (int i = 0; i < 3; i++) frames.Run(); // warm up: JIT, first uploads, the held-out slices
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) frames.Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"10 paused compare frames allocated {allocated} bytes");

        frames.Controller.Execute("resume");
        for (int i = 0; i < 3; i++) frames.Run();
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) frames.Run();   // steps 9..18 of a 29-step epoch: no epoch end
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"10 training compare frames allocated {allocated} bytes");
    }

    [Fact]
    public void BothCurvesAreDrawn_InTheirColours_AndKeyASwitchesTheFocus()
    {
        using var surface = Gpu.Offscreen(output, 1280, 800);
        if (surface is null) return;
        var comparison = Create(snapshotEvery: 10);
        comparison.Step(40);
        var input = new InputQueue();
        using var frames = new Frames(surface, comparison, input).Open();
        frames.Controller.State.Paused = true;
        frames.Run();
        var px = Pixels.Read(surface);
        var plot = frames.Viewer.Scene.LossGraph.LastPlot;
        int a = px.Count((int)plot.X, (int)plot.Y, (int)plot.Right, (int)plot.Bottom, Color.RunA, 30);
        int b = px.Count((int)plot.X, (int)plot.Y, (int)plot.Right, (int)plot.Bottom, Color.RunB, 30);
        Assert.True(a > 40 && b > 40, $"run A's curve has {a} pixels, run B's {b}");

        // The scrub bar's cursor (accent) sits at the current step: 40 of 40, the right end of the bar.
        var bar = frames.Viewer.Scene.Scrub.LastBar;
        Assert.True(px.Count((int)bar.Right - 4, (int)bar.Y, (int)bar.Right + 2, (int)bar.Bottom, Color.Accent, 10) > 0, "cursor at the newest step");

        Assert.Equal(0, comparison.Focus);
        input.PushKey(Keys.A);
        frames.Run();
        Assert.Equal(1, comparison.Focus);
        input.PushKey(Keys.PageUp);   // back to the snapshot before step 40 (30), on both runs
        frames.Run();
        Assert.Equal(30, comparison.A.StepCount);
        Assert.Equal(30, comparison.B.StepCount);
        input.PushChar(']');          // a key acts on the focused run only: B's learning rate doubles
        float before = comparison.A.LearningRate;
        frames.Run();
        Assert.Equal(before, comparison.A.LearningRate);
        Assert.Equal(before * 2, comparison.B.LearningRate, 5);
        Assert.Single(comparison.B.Timeline!.Branches);   // a change at a past step: B branched at 30
    }
}
