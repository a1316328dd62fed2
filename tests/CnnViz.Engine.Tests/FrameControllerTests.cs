using CnnViz.Engine.Commands;
using CnnViz.Engine.Live;

namespace CnnViz.Engine.Tests;

/// <summary>The window's Update without a GPU: commands, bounded training per frame, draw-mode prediction.</summary>
public sealed class FrameControllerTests
{
    [Fact]
    public void Update_TrainsBatchesPerFrame_UnlessPaused_AndStepTrainsOneWhilePaused()
    {
        var session = TestData.Session();
        using var frame = new FrameController(session);
        frame.Update();
        Assert.Equal(1, session.StepCount);
        Assert.Equal("speed 4 steps/frame", frame.Execute("speed 4"));
        frame.Update();
        Assert.Equal(5, session.StepCount);
        frame.Execute("pause");
        frame.Update(); frame.Update();
        Assert.Equal(5, session.StepCount);
        frame.Execute("step 1");
        Assert.Equal(6, session.StepCount);
        Assert.Equal(ViewState.MaxBatchesPerFrame, (frame.Execute("speed 1000"), frame.State.BatchesPerFrame).Item2);
        Assert.False(frame.QuitRequested);
        frame.Execute("quit");
        Assert.True(frame.QuitRequested);
    }

    [Fact]
    public void BadCommand_IsTheStatusLine_AndChangesNothing()
    {
        var session = TestData.Session();
        using var frame = new FrameController(session);
        string status = frame.Execute("step 1 2");
        Assert.StartsWith("bad command 'step 1 2'", status);
        Assert.Equal(status, frame.State.Status);
        Assert.Equal(0, session.StepCount);
    }

    [Fact]
    public void DrawMode_TheMousePaintsOnlyInDrawMode_AndClearEmptiesTheCanvas()
    {
        // (The prediction on the canvas needs a 28×28 model: the render tests check it on the MNIST sample.)
        using var frame = new FrameController(TestData.Session());
        frame.Paint(14, 14, left: true, right: false);
        Assert.Equal(0, frame.State.Canvas.Version); // not in draw mode: the mouse does nothing
        frame.Execute("draw");
        for (float y = 4; y < 24; y += 1) frame.Paint(14, y, left: true, right: false);
        Assert.True(frame.State.Canvas.Pixels.ToArray().Sum() > 20);
        frame.Paint(14, 14, left: false, right: true); // the right button erases
        Assert.True(frame.State.Canvas.Pixels[14 * 28 + 14] < 0.01f);
        Assert.Equal("canvas cleared", frame.Execute("clear"));
        Assert.Equal(0f, frame.State.Canvas.Pixels.ToArray().Sum());
    }

    [Fact]
    public void WindowFrames_AndAHeadlessScript_GiveBitIdenticalWeights()
    {
        var window = TestData.Session();
        var headless = TestData.Session();
        using var frame = new FrameController(window);
        frame.Execute("speed 3");
        while (window.StepCount < 45) frame.Update();   // 15 frames, each with an evaluation slice when one is pending
        frame.Execute("lr 0.003");
        while (window.StepCount < 99) frame.Update();
        frame.Execute("step 1");
        new CommandExecutor(headless) { Headless = true }.Run(CommandParser.Default.ParseScript("step 45; lr 0.003\nstep 55"));
        Assert.Equal(100, window.StepCount);
        Assert.Equal(TestData.Weights(headless), TestData.Weights(window));
    }

    [Fact]
    public void SteadyStateUpdates_AllocateNothing()
    {
        var session = TestData.Session();
        using var frame = new FrameController(session);
        session.Step(40); // warm up (JIT, first-use optimizer state, an epoch end)
        session.FinishEvaluations();
        frame.Execute("speed 2");
        for (int i = 0; i < 3; i++) { frame.Update(); frame.EndFrame(0.1, 0.2); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) { frame.Update(); frame.EndFrame(0.1, 0.2); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
