using CnnViz.Core.Models;
using CnnViz.Engine.Live;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Tests.Live;

/// <summary>The window's teaching verbs without a GPU: hover, help pages, evaluations finished before a picture, drawings centred.</summary>
public sealed class TeachingCommandsTests
{
    [Fact]
    public void Hover_SetsTheTarget_InEachForm_OffClearsIt_AndABadFormSaysTheForms()
    {
        using var frame = new FrameController(TestData.Session());
        frame.Execute("hover conv1 2 14 9");
        Assert.Equal(new HoverTarget("conv1", 2, 14, 9), frame.State.Hover);
        frame.Execute("hover fc2 17");
        Assert.True(frame.State.Hover is { IsUnit: true, Channel: 17, Layer: "fc2" });
        frame.Execute("hover conv2 kernel 3 1 4 0");
        Assert.Equal(new HoverTarget("conv2", 3, 4, 0, Kernel: true, KernelChannel: 1), frame.State.Hover);
        frame.Execute("hover off");
        Assert.Null(frame.State.Hover);
        string status = frame.Execute("hover conv1 x 1 2");
        Assert.NotNull(frame.LastCommandError);
        Assert.Contains(HoverTarget.Usage, status);
    }

    [Fact]
    public void Help_TurnsItsTwoPages_ThenCloses_AndOffClosesAtOnce()
    {
        using var frame = new FrameController(TestData.Session());
        Assert.False(frame.State.ShowHelp);
        frame.Execute("help");
        Assert.Equal(1, frame.State.HelpPage);
        frame.Execute("help");
        Assert.Equal(2, frame.State.HelpPage);
        frame.Execute("help");
        Assert.Equal(0, frame.State.HelpPage);
        frame.Execute("help 2");
        Assert.Equal(2, frame.State.HelpPage);
        frame.Execute("help off");
        Assert.False(frame.State.ShowHelp);
        frame.Execute("help 7");
        Assert.NotNull(frame.LastCommandError);
    }

    [Fact]
    public void CompleteEvaluation_LeavesNothingPending_AndEveryHeldOutResultIsOfTheCurrentStep()
    {
        var session = TestData.Session();
        using var frame = new FrameController(session);
        frame.Execute("pause");
        frame.Execute("step 80"); // past two epoch ends of 34 steps: validation and test pending
        frame.Update();           // one frame's budget is not all of it
        frame.CompleteEvaluation();
        Assert.False(session.HasPendingEvaluation);
        var epochs = session.Metrics.Epochs;
        Assert.True(epochs.Count >= 2);
        Assert.NotNull(epochs[^1].Test);
        Assert.Equal(epochs[^1].EndStep, session.Metrics.Validation[^1].Step);
        var held = frame.Study.HeldOut;
        Assert.Equal(80, held.Step);
        Assert.Equal(held.Subset, held.Scored);
    }

    [Fact]
    public void DrawnDigit_IsCentredAsMnist_AndAnEmptyCanvasPredictsNothing()
    {
        var session = new TrainingSession(new SessionConfig { Model = ModelCatalog.Get("lenet5"), Optimizer = OptimizerSpec.WithDefaultRate("adam"), BatchSize = 8 },
            CnnViz.Engine.Data.DataSplit.HoldOut(SampleData.Source.Train.Take(200), SampleData.Source.Test.Take(100)));
        using var frame = new FrameController(session);
        frame.Execute("pause");
        frame.Execute("draw");
        frame.Update();
        Assert.True(frame.Study.IsDigits);
        Assert.True(frame.Study.Pin.IsEmpty);
        for (float y = 1; y < 9; y += 0.5f) frame.Paint(3, y, left: true, right: false); // a short stroke in the top-left corner
        frame.Update();
        Assert.False(frame.Study.Pin.IsEmpty);
        ReadOnlySpan<float> image = frame.Study.Pin.Image;
        double mass = 0, mx = 0, my = 0;
        int top = 28, bottom = -1;
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
            {
                float v = image[y * 28 + x];
                mass += v; mx += v * (x + 0.5); my += v * (y + 0.5);
                if (v > 0.5f) { top = Math.Min(top, y); bottom = Math.Max(bottom, y); }
            }
        Assert.InRange(mx / mass, 13.5, 14.5);
        Assert.InRange(my / mass, 13.5, 14.5);
        Assert.InRange(bottom - top + 1, 18, 21); // the stroke's height scaled to the 20-pixel box
    }
}
