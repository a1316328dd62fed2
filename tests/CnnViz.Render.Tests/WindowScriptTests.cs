using CnnViz.App.Live;
using CnnViz.Engine.Live;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>--script in the window goes through the same script parser as headless runs (comments after a command included).</summary>
[Collection(GlCollection.Name)]
public sealed class WindowScriptTests(ITestOutputHelper output)
{
    [Fact]
    public void Script_WithACommentAfterACommand_RunsInTheController()
    {
        var session = SampleSession.Create(limit: 200);
        using var frame = new FrameController(session);
        var console = new StringWriter();
        LiveWindow.RunScript(frame, "pause # hold\nstep 1 # go\nspeed 4 # faster; step 9 (a comment runs to the end of its line)\n# a whole-line comment", console);
        Assert.DoesNotContain("bad command", console.ToString());
        Assert.Equal(1, session.StepCount);
        Assert.Equal(4, frame.State.BatchesPerFrame);
        Assert.True(frame.State.Paused);
    }

    [Fact]
    public void Window_ScriptStep1WithComment_TrainsOneStepAndNoError()
    {
        using (var probe = Gpu.Window(output, 64, 64)) { if (probe is null) return; }
        var session = SampleSession.Create(limit: 200);
        var console = new StringWriter();
        LiveWindow.Run(session, new LiveWindowOptions { Script = "pause; step 1 # go", MaxFrames = 2, VSync = false }, console);
        output.WriteLine(console.ToString());
        Assert.Contains("> step 1: step 1", console.ToString());
        Assert.DoesNotContain("bad command", console.ToString());
        Assert.Equal(1, session.StepCount); // paused: the frames drew without training
    }
}
