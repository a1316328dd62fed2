using CnnViz.Engine.Data;
using CnnViz.Engine.Live;
using CnnViz.Engine.Models;
using CnnViz.Tests.Shared;

namespace CnnViz.Engine.Tests.Live;

/// <summary>`predict FILE` in the window (and a file dropped on it): the image becomes the pinned draw canvas.</summary>
public sealed class PinImageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-pin-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainingSession Mnist() => new(new SessionConfig { Model = ModelCatalog.Get("simple"), BatchSize = 8 }, SampleData.Split());

    [Fact]
    public void Predict_PinsTheImage_AsTheCanvas_AndShowsItsPrediction()
    {
        var grey = new byte[40 * 30];
        for (int y = 5; y < 35; y++) grey[y * 30 + 15] = 255;   // a white stroke
        string path = Path.Combine(_dir, "one.png");
        File.WriteAllBytes(path, TestImages.Png(TestImages.DarkOnWhiteRgba(grey), 40, 30, 4));
        using var frame = new FrameController(Mnist());
        Assert.StartsWith("pinned one.png", frame.Execute($"predict {path}"));
        Assert.True(frame.State.DrawMode);
        byte[] expected = ImageFile.Load(path, 28, 28);
        Assert.Equal(expected.Select(b => b / 255f), frame.State.Canvas.Pixels.ToArray());
        frame.Execute("pause");
        frame.Update();                                          // the frame predicts the canvas
        Assert.NotNull(frame.Views.Probe);
    }

    [Fact]
    public void Predict_NotAnImage_SaysWhy_KeepsTheCanvas()
    {
        string path = Path.Combine(_dir, "notes.png");
        File.WriteAllText(path, "hello");
        using var frame = new FrameController(Mnist());
        Assert.EndsWith("notes.png: not an image (PNG, JPEG, BMP, GIF, TGA, PSD, HDR or PIC).", frame.Execute($"predict {path}"));
        Assert.False(frame.State.DrawMode);
        Assert.Equal(0, frame.State.Canvas.Version);
    }
}
