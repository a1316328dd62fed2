using CnnViz.Render.Gfx;
using CnnViz.Render.Panels;
using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>With the changes view on, each ReLU map is washed red by exactly its share of zeros over the last batch.</summary>
[Collection(GlCollection.Name)]
public sealed class DeadReluTintPixelTests(ITestOutputHelper output)
{
    [Fact]
    public void Conv1Maps_AreWashedRed_ByTheirDeadShare_OnlyWhileChangesIsOn()
    {
        using var surface = Gpu.Offscreen(output, (int)Scene.Width, (int)Scene.Height);
        if (surface is null) return;
        var session = SampleSession.Create(batch: 16, limit: 500);
        using var frames = new LiveFrames(surface, session, new InputQueue());
        frames.Execute("step 20");
        frames.State.Paused = true;
        frames.RunFrame();
        var plain = Pixels.Read(surface);
        frames.Execute("changes");   // records updates from the next step on; the maps and weights stay as they are
        frames.RunFrame();
        var tinted = Pixels.Read(surface);

        var row = frames.Scene.LayerStack.Rows.OfType<MapRow>().First();       // conv1, shown after relu1
        float[] dead = session.Views.Inspection.DeadFractions(row.DisplayIndex).ToArray();
        Assert.Equal(6, dead.Length);
        Assert.Contains(dead, d => d is > 0.05f and < 0.95f);                  // a partly dead map: the wash is visible
        for (int c = 0; c < dead.Length; c++)
        {
            Assert.True(row.TileRect(c, out RectF tile) && tile.W >= 8, $"map {c} is not drawn large enough to probe");
            int x = (int)(tile.X + tile.W * 0.75f), y = (int)(tile.Y + tile.H * 0.25f);   // away from the % label
            var (r, g, b) = plain.At(x, y);
            float a = DeadReluTint.Alpha(dead[c]) / 255f;
            var red = DeadReluTint.Red;
            var expected = new Color(Blend(r, red.R, a), Blend(g, red.G, a), Blend(b, red.B, a));
            tinted.AssertColor(x, y, expected, 3, $"relu1 map {c}, dead share {dead[c]:P0}");
        }
        // By hand for map 0: its share is the count of exact zeros in the training batch's relu1 output.
        var relu1 = session.Model.Layers[row.DisplayIndex];
        int zeros = 0, total = 0;
        for (int n = 0; n < relu1.Output.Count; n++) foreach (float v in relu1.Output.Map(n, 0)) { total++; if (v == 0) zeros++; }
        Assert.Equal((float)zeros / total, dead[0], 6);
    }

    private static byte Blend(byte under, byte over, float alpha) => (byte)MathF.Round(under + (over - under) * alpha);
}
