using CnnViz.App.Live;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>The window's frame, rendered offscreen after real training steps on the committed MNIST sample.</summary>
[Collection(GlCollection.Name)]
public sealed class SceneTests(ITestOutputHelper output)
{
    private const int W = (int)Scene.Width, H = (int)Scene.Height;

    /// <summary>Trains <paramref name="steps"/> mini-batches, then draws one paused frame.</summary>
    private static (LiveFrames Viewer, Pixels Pixels) Frame(OffscreenSurface surface, CnnViz.Engine.TrainingSession session, int steps)
    {
        session.Step(steps);
        var viewer = new LiveFrames(surface, session, new InputQueue());
        viewer.State.Paused = true;
        viewer.RunFrame();
        return (viewer, Pixels.Read(surface));
    }

    [Fact]
    public void InputPanel_AfterSteps_ShowsEveryBatchImageOfTheDatasetThroughTheGrayscaleMap()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        var session = SampleSession.Create();
        var (viewer, px) = Frame(surface, session, 3);
        using var _ = viewer;
        var views = session.Views;
        var train = session.Data.Train;

        foreach (int n in new[] { 0, 1, 17, 42, views.BatchCount - 1 })
        {
            // The batch image must be one of the data set's images (bytes / 255)…
            var bytes = new byte[train.ImageSize];
            ReadOnlySpan<float> image = views.InputImage(n);
            for (int p = 0; p < bytes.Length; p++) bytes[p] = (byte)MathF.Round(image[p] * 255);
            bool inDataset = false;
            for (int i = 0; i < train.Count && !inDataset; i++) inDataset = train.Image(i).SequenceEqual(bytes);
            Assert.True(inDataset, $"batch image {n} is not an image of {train.Name}");

            // …and its panel cell must show exactly those bytes as gray levels, one pixel per image pixel.
            RectF rect = viewer.Scene.BatchPanel.ImageRect(n);
            for (int y = 0; y < train.Height; y++)
                for (int x = 0; x < train.Width; x++)
                {
                    byte v = bytes[y * train.Width + x];
                    px.AssertColor((int)rect.X + x, (int)rect.Y + y, new Color(v, v, v), 1, $"batch image {n} pixel ({x},{y})");
                }
        }
    }

    [Fact]
    public void KernelPanel_AfterTraining_IsNotUniformAndUsesBothSidesOfTheDivergingMap()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        var (viewer, px) = Frame(surface, SampleSession.Create(), 10);
        using var _ = viewer;
        var row = viewer.Scene.LayerStack.Rows.OfType<Panels.MapRow>().First();
        RectF area = row.LastKernelArea;
        Assert.True(area.W > 20 && area.H > 20, $"conv1's kernels were not drawn (area {area})");

        var colors = new HashSet<(byte, byte, byte)>();
        int bluish = 0, reddish = 0;
        for (int y = (int)area.Y; y < (int)area.Bottom; y++)
            for (int x = (int)area.X; x < (int)area.Right; x++)
            {
                var c = px.At(x, y);
                colors.Add(c);
                if (c.B > c.R + 30) bluish++;
                if (c.R > c.B + 30) reddish++;
            }
        output.WriteLine($"{colors.Count} colors, {bluish} bluish, {reddish} reddish pixels in {area}");
        Assert.True(colors.Count > 20, $"the kernel panel has only {colors.Count} colors");
        Assert.True(bluish > 0 && reddish > 0, "kernels have positive and negative weights: both red and blue must show");
    }

    [Fact]
    public void LossGraph_DrawsTheTrainingCurveAcrossThePlot()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        var (viewer, px) = Frame(surface, SampleSession.Create(), 30);
        using var _ = viewer;
        RectF plot = viewer.Scene.LossGraph.LastPlot;
        int columnsWithLine = 0, columns = 0;
        for (int x = (int)plot.X + 2; x < (int)plot.Right - 2; x += 4)
        {
            columns++;
            for (int y = (int)plot.Y; y < (int)plot.Bottom; y++)
                if (px.Is(x, y, Color.Train, 2)) { columnsWithLine++; break; }
        }
        Assert.True(columnsWithLine >= columns - 1, $"the loss curve shows in {columnsWithLine} of {columns} sampled columns of the plot");
        // Loss falls: the curve starts higher (smaller y) on the left than it ends on the right.
        int First(int x) { for (int y = (int)plot.Y; y < plot.Bottom; y++) if (px.Is(x, y, Color.Train, 2)) return y; return -1; }
        Assert.True(First((int)plot.X + 2) < First((int)plot.Right - 3), "after 30 steps the training loss is lower than at the start");
    }

    [Fact]
    public void HeaderTitle_IsDrawnAtItsPlaceGlyphForGlyph()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        var (viewer, px) = Frame(surface, SampleSession.Create(), 1);
        using var _ = viewer;
        const string title = "CnnViz"; // drawn at (8, 7), scale 2, in the accent color
        for (int k = 0; k < title.Length; k++)
        {
            ReadOnlySpan<byte> rows = Font8x8.Glyph(title[k]);
            for (int gy = 0; gy < 8; gy++)
                for (int gx = 0; gx < 8; gx++)
                {
                    bool lit = (rows[gy] >> gx & 1) != 0;
                    int x = 8 + k * 16 + gx * 2, y = 7 + gy * 2;
                    if (lit) px.AssertColor(x, y, Color.Accent, 0, $"'{title[k]}' pixel ({gx},{gy})");
                    else Assert.False(px.Is(x, y, Color.Accent, 40), $"'{title[k]}' pixel ({gx},{gy}) should be background");
                }
        }
    }

    [Fact]
    public void SteadyStateFrames_AllocateNothing()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        var (viewer, _) = Frame(surface, SampleSession.Create(), 5);
        using var __ = viewer;
        viewer.Execute("switches");
        for (int i = 0; i < 3; i++) viewer.RunFrame(); // warm up: JIT, first uploads
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) viewer.RunFrame();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"10 steady-state frames allocated {allocated} bytes");

        // Training frames: step, copy and upload the changed textures, draw (no epoch ends in these frames).
        viewer.Execute("resume");
        for (int i = 0; i < 3; i++) viewer.RunFrame();
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) viewer.RunFrame();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"10 training frames (steps 9..18 of a 29-step epoch) allocated {allocated} bytes");
    }

    [Fact]
    public void DrawMode_MousePaintsTheCanvas_AndTheProbeClassifiesIt()
    {
        using var surface = Gpu.Offscreen(output, W, H);
        if (surface is null) return;
        var session = SampleSession.Create();
        session.Step(20);
        var input = new InputQueue();
        using var viewer = new LiveFrames(surface, session, input);
        input.PushKey(Keys.D);
        viewer.RunFrame();
        Assert.True(viewer.State.DrawMode);

        // A vertical stroke down the middle of the canvas: a "1".
        RectF canvas = viewer.Scene.Canvas.Canvas;
        input.MouseLeftDown = true;
        for (float y = canvas.Y + 50; y < canvas.Bottom - 50; y += 8)
        {
            input.MouseX = canvas.X + canvas.W / 2;
            input.MouseY = y;
            viewer.RunFrame();
        }
        input.MouseLeftDown = false;
        viewer.RunFrame();
        Assert.True(viewer.State.Canvas.Pixels.ToArray().Sum() > 20, "the stroke left ink on the canvas");
        var probe = session.Views.Probe;
        Assert.NotNull(probe);
        Assert.Equal(session.StepCount, probe.Step); // predicted with the current weights while training goes on
        Assert.Equal(1f, probe.Probabilities.ToArray().Sum(), 3);

        var px = Pixels.Read(surface);
        px.AssertColor((int)(canvas.X + canvas.W / 2), (int)(canvas.Y + canvas.H / 2), Color.White, 60, "the stroke shows on the canvas");
        input.PushKey(Keys.C);
        viewer.RunFrame();
        Assert.Equal(0f, viewer.State.Canvas.Pixels.ToArray().Sum());
    }

    [Fact]
    public void HeadlessFrames_SavesEveryNthFrameAsA1280x800Png()
    {
        using (var probe = Gpu.Offscreen(output, 8, 8)) { if (probe is null) return; }
        string dir = Directory.CreateTempSubdirectory("cnnviz-frames-").FullName;
        try
        {
            var session = SampleSession.Create(limit: 600);
            int saved = HeadlessFrames.Run(session, dir, every: 2, TextWriter.Null, "speed 2", maxFrames: 5);
            string[] files = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray()!;
            Assert.Equal(["frame-000000.png", "frame-000002.png", "frame-000004.png", "frame-000005.png"], files);
            Assert.Equal(4, saved);
            Assert.Equal(12, session.StepCount); // 6 frames × speed 2
            var (w, h, _) = PngDecoder.DecodeRgb(File.ReadAllBytes(Path.Combine(dir, files[^1])));
            Assert.Equal((W, H), (w, h));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void CurvePlot_WritesLossAndAccuracyPerEpochAsPng()
    {
        using (var probe = Gpu.Offscreen(output, 8, 8)) { if (probe is null) return; }
        var session = SampleSession.Create(limit: 400);
        session.TargetEpochs = 3;
        while (session.Step()) { }
        session.FinishEvaluations();
        string path = Path.Combine(Path.GetTempPath(), $"cnnviz-plot-{Environment.ProcessId}.png");
        try
        {
            CurvePlot.Save(session.Metrics, path);
            var (w, h, rgb) = PngDecoder.DecodeRgb(File.ReadAllBytes(path));
            Assert.Equal((CurvePlot.Width, CurvePlot.Height), (w, h));
            var px = new Pixels(rgb, w, h);
            Assert.True(px.Count(0, 0, w / 2, h, Color.Train, 2) > 100, "the training loss series is drawn");
            Assert.True(px.Count(w / 2, 0, w, h, Color.Validation, 2) > 50, "the validation accuracy series is drawn");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
