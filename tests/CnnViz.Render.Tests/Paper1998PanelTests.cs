using CnnViz.App.Live;
using CnnViz.Core.Models;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>Issue 14's window: the batch before and after its distortion (O), lenet5-1998's C3 connection table (T).</summary>
[Collection(GlCollection.Name)]
public sealed class Paper1998PanelTests(ITestOutputHelper output)
{
    private const int W = (int)Scene.Width, H = (int)Scene.Height;

    private static LiveFrames Viewer(OffscreenSurface surface, Engine.TrainingSession session, InputQueue input, int steps)
    {
        session.Step(steps);
        var viewer = new LiveFrames(surface, session, input);
        viewer.State.Paused = true;
        viewer.RunFrame();
        return viewer;
    }

    [Fact]
    public void KeyT_DrawsTableI_AFilledCellExactlyWhereAnS2MapFeedsAC3Map_AndAllocatesNothing()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        var input = new InputQueue();
        using var viewer = Viewer(surface, SampleSession.Create(batch: 16, limit: 400, model: "lenet5-1998"), input, 2);
        input.PushKey(Keys.T);
        viewer.RunFrame();
        Assert.True(viewer.State.ShowConnections);
        var px = Pixels.Read(surface);
        var table = LeNet1998.C3Connections();
        for (int k = 0; k < 6; k++)
            for (int m = 0; m < 16; m++)
            {
                RectF cell = viewer.Scene.ConnectionTable.Cell(k, m);
                int cx = (int)(cell.X + cell.W / 2), cy = (int)(cell.Y + cell.H / 2);
                Assert.True(px.Is(cx, cy, Color.Accent, 8) == table[k, m],
                    $"S2 map {k} → C3 map {m}: Table I says {(table[k, m] ? "connected" : "not connected")}, the pixel ({cx},{cy}) is {px.At(cx, cy)}");
            }

        for (int i = 0; i < 3; i++) viewer.RunFrame();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) viewer.RunFrame();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        input.PushKey(Keys.T);
        viewer.RunFrame();
        Assert.False(viewer.State.ShowConnections);
    }

    [Fact]
    public void TableCommand_OnAModelWithoutOne_SaysWhichHasOne()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        using var viewer = Viewer(surface, SampleSession.Create(batch: 16, limit: 400), new InputQueue(), 1);
        Assert.Contains("lenet5 has no connection table (lenet5-1998's C3 has one", viewer.Execute("table"));
        Assert.False(viewer.State.ShowConnections);
        Assert.Contains("not distorted", viewer.Execute("original"));
        Assert.False(viewer.State.ShowOriginal);
    }

    [Fact]
    public void KeyO_ShowsTheBatchBeforeItsDistortion_ThenAsTrainedAgain()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        var input = new InputQueue();
        var session = SampleSession.Create(batch: 16, limit: 400, augment: "affine");
        using var viewer = Viewer(surface, session, input, 3);
        var views = session.Views;
        int size = views.ImageWidth * views.ImageHeight;
        Assert.False(views.OriginalImages.SequenceEqual(views.InputImages), "affine distortion changed no image of the batch");

        AssertBatchShows(viewer, Pixels.Read(surface), views.InputImages, size, "as trained");
        input.PushKey(Keys.O);
        viewer.RunFrame();
        Assert.True(viewer.State.ShowOriginal);
        AssertBatchShows(viewer, Pixels.Read(surface), views.OriginalImages, size, "original");
        input.PushKey(Keys.O);
        viewer.RunFrame();
        AssertBatchShows(viewer, Pixels.Read(surface), views.InputImages, size, "as trained again");
    }

    /// <summary>Images 0 and 5 of the panel show <paramref name="images"/> pixel for pixel (gray = value·255, ±1).</summary>
    private static void AssertBatchShows(LiveFrames viewer, Pixels px, ReadOnlySpan<float> images, int size, string what)
    {
        foreach (int n in new[] { 0, 5 })
        {
            RectF rect = viewer.Scene.BatchPanel.ImageRect(n);
            for (int p = 0; p < size; p++)
            {
                byte v = (byte)MathF.Round(Math.Clamp(images[n * size + p], 0, 1) * 255);
                px.AssertColor((int)rect.X + p % 28, (int)rect.Y + p / 28, new Color(v, v, v), 1, $"{what}: batch image {n} pixel {p}");
            }
        }
    }
}
