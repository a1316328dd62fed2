using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>A real GLFW window under Xvfb, driven by key events through its input queue, frame by frame as LiveWindow runs it.</summary>
[Collection(GlCollection.Name)]
public sealed class WindowSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void Keys_PauseStepSpeedScreenshotQuit_DoWhatTheHelpSays()
    {
        using var window = Gpu.Window(output, (int)Scene.Width, (int)Scene.Height);
        if (window is null) return;
        string dir = Directory.CreateTempSubdirectory("cnnviz-window-").FullName;
        try
        {
            var session = SampleSession.Create();
            using var viewer = new LiveFrames(window, session, window.Input);
            viewer.State.ScreenshotDirectory = dir;
            bool Frame()
            {
                window.PollEvents();
                bool go = viewer.RunFrame();
                window.Present();
                return go;
            }

            Assert.True(Frame());
            Assert.Equal(1, session.StepCount); // running: one mini-batch per frame

            window.Input.PushKey(Keys.Space); // pause
            Frame();
            long paused = session.StepCount;
            Frame(); Frame();
            Assert.True(viewer.State.Paused);
            Assert.Equal(paused, session.StepCount);

            window.Input.PushKey(Keys.N); // one mini-batch while paused
            Frame();
            Assert.Equal(paused + 1, session.StepCount);

            window.Input.PushChar('+');
            window.Input.PushChar('+');
            Frame();
            Assert.Equal(4, viewer.State.BatchesPerFrame);

            window.Input.PushKey(Keys.S); // screenshot, written off the render thread
            Frame();
            viewer.FlushPngs();
            string[] shots = Directory.GetFiles(dir, "*.png");
            Assert.Single(shots);
            Assert.StartsWith("saved ", viewer.State.Status);
            var (w, h, rgb) = PngDecoder.DecodeRgb(File.ReadAllBytes(shots[0]));
            Assert.Equal((window.FramebufferWidth, window.FramebufferHeight), (w, h));
            // The title's first lit pixel ('C' row 0 starts at glyph column 2) is in the accent color.
            new Pixels(rgb, w, h).AssertColor(8 + 2 * 2, 7, Color.Accent, 0, "title in the screenshot");

            window.Input.PushKey(Keys.Space); // resume
            Frame();
            Assert.Equal(paused + 1 + 4, session.StepCount);

            window.Input.PushKey(Keys.Escape);
            Assert.False(Frame());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
