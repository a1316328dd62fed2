using CnnViz.Render.Gfx;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>`--script pause` before the first step: the window must still show the untrained network on a real digit.</summary>
[Collection(GlCollection.Name)]
public sealed class StartPausedTests(ITestOutputHelper output)
{
    private static int Colors(Pixels px, RectF area)
    {
        var colors = new HashSet<(byte, byte, byte)>();
        for (int y = (int)area.Y; y < (int)area.Bottom; y++)
            for (int x = (int)area.X; x < (int)area.Right; x++) colors.Add(px.At(x, y));
        return colors.Count;
    }

    [Fact]
    public void StartingPaused_DrawsThePinnedDigit_AndTheUntrainedNetsMapsAndKernels()
    {
        using var surface = Gpu.Offscreen(output, (int)Scene.Width, (int)Scene.Height);
        if (surface is null) return;
        var session = SampleSession.Create(limit: 500);
        using var frames = new LiveFrames(surface, session);
        frames.Execute("pause");
        frames.RunFrame();
        frames.RunFrame();
        Assert.Equal(0, session.StepCount);
        var px = Pixels.Read(surface);
        var rows = frames.Scene.LayerStack.Rows.OfType<Panels.MapRow>().ToArray();
        int digit = Colors(px, frames.Scene.Pinned.ImageArea), kernels = Colors(px, rows[0].LastKernelArea), maps = Colors(px, rows[0].LastMapArea);
        output.WriteLine($"colours: pinned digit {digit}, conv1 kernels {kernels}, conv1 maps {maps}");
        Assert.True(digit > 10, $"the pinned digit is not drawn ({digit} colours)");
        Assert.True(kernels > 10, $"conv1's initial kernels are not drawn ({kernels} colours)");
        Assert.True(maps > 10, $"conv1's maps of the pinned digit are not drawn ({maps} colours)");
    }
}
