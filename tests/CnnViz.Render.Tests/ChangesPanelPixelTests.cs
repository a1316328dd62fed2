using CnnViz.App.Live;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>The "what the update changed" panel shows exactly ΔW = W_t − W_{t−1}, through the diverging map.</summary>
[Collection(GlCollection.Name)]
public sealed class ChangesPanelPixelTests(ITestOutputHelper output)
{
    [Fact]
    public void DeltaGrid_ShowsTheLastStepsChangeOfEveryConv1Weight()
    {
        using var surface = Gpu.Offscreen(output, (int)Scene.Width, (int)Scene.Height);
        if (surface is null) return;
        var session = SampleSession.Create(batch: 16, limit: 500);
        using var frames = new LiveFrames(surface, session, new InputQueue());
        frames.Execute("changes");
        frames.Execute("step 3");
        float[] before = session.Model.Layers[0].Parameters[0].Value.ToArray();   // conv1.W (6, 1, 5, 5), taken by the test itself
        frames.Execute("step 1");
        float[] after = session.Model.Layers[0].Parameters[0].Value;
        frames.State.Paused = true;
        frames.RunFrame();
        var px = Pixels.Read(surface);

        var panel = frames.Scene.Changes;
        for (int tile = 0; tile < 6; tile++)
        {
            var (rect, lo, hi) = panel.DeltaTile(0, tile);
            Assert.True(rect.W >= 10, $"tile {tile} is drawn {rect.W} px wide: too small to probe");
            float cell = rect.W / 5;
            for (int s = 0; s < 5; s++)
                for (int t = 0; t < 5; t++)
                {
                    int i = tile * 25 + s * 5 + t;
                    float delta = after[i] - before[i];
                    px.AssertColor((int)(rect.X + (t + 0.5f) * cell), (int)(rect.Y + (s + 0.5f) * cell),
                        ReferenceColormaps.Map(Colormap.Diverging, delta, lo, hi), 2, $"conv1 ΔW kernel {tile} ({s},{t}) = {delta}");
                }
        }
        float largest = after.Select((v, i) => MathF.Abs(v - before[i])).Max();
        Assert.True(largest > 0);
        Assert.Equal(largest, panel.DeltaTile(0, 0).Hi, 6);   // the range is the symmetric max of ΔW itself
    }
}
