using CnnViz.Engine;
using CnnViz.Engine.Live;
using CnnViz.Render;
using CnnViz.Render.Platform;

namespace CnnViz.App.Live;

/// <summary>
/// The window's frames without a window: the same <see cref="FrameController"/> (Update) every frame, and
/// the same <see cref="Viewer"/> (Draw) on an EGL offscreen framebuffer for every Nth frame, saved as
/// DIR/frame-000120.png (PNG encoding on a background thread). Runs until the session finishes its epochs
/// (or <paramref name="maxFrames"/>).
/// </summary>
public static class HeadlessFrames
{
    /// <exception cref="RenderUnavailableException">EGL or the Mesa driver is missing; the message says what to install.</exception>
    /// <exception cref="Core.Files.FileProblemException">Some PNGs could not be written; the message says how many were.</exception>
    /// <returns>The number of PNGs actually written.</returns>
    public static int Run(TrainingSession session, string directory, int every, TextWriter console,
        string? script = null, int maxFrames = 0, string? frameLogPath = null, (int Width, int Height)? size = null)
    {
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), every, "--frame-every must be at least 1.");
        if (session.TargetEpochs == 0 && maxFrames == 0)
            throw new ArgumentException("headless frames need an end: give --epochs N (or a frame limit).");
        Directory.CreateDirectory(directory);
        using var surface = OffscreenSurface.Create(size?.Width ?? (int)Scene.Width, size?.Height ?? (int)Scene.Height);
        using var frame = new FrameController(session, frameLogPath);
        using var viewer = new Viewer(surface, session.Views, frame.Study.Views);
        foreach (string command in Engine.Commands.CommandParser.SplitScript(script ?? ""))
        {
            console.WriteLine($"> {command}: {frame.Execute(command)}");
            if (frame.LastCommandError is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error); // a script stops at its first failure
        }
        int saved = 0;
        void Frame(bool save)
        {
            int index = frame.Frames;
            frame.Update();
            if (!save && frame.State.PendingScreenshot is null)
            {
                frame.EndFrame(null, null); // not drawn: the HUD's draw figures stay the last drawn frame's
                return;
            }
            if (save) frame.CompleteEvaluation(); // a saved frame shows the results of its own step
            LiveWindow.Draw(frame, viewer);
            if (!save) return;
            viewer.Capture(Path.Combine(directory, $"frame-{index:D6}.png"));
            saved++;
        }
        while (!session.IsFinished && !session.IsDiverged && !frame.QuitRequested && (maxFrames == 0 || frame.Frames < maxFrames))
            Frame(save: frame.Frames % every == 0);
        // The last frame, with the finished run's final numbers.
        session.FinishEvaluations();
        Frame(save: true);
        viewer.FlushPngs();
        LiveWindow.TakeMessages(frame, viewer);
        var (written, failed, firstError) = viewer.PngResults;
        console.WriteLine($"frames: {written} PNGs of {frame.Frames} frames in {Path.GetFullPath(directory)} ({surface.Description})");
        if (frame.LogSummary is { } summary) console.WriteLine($"frame log {frameLogPath}: {summary}");
        if (failed > 0) throw new Core.Files.FileProblemException(directory, $"wrote {written} of {saved} PNGs; {firstError}", writing: true);
        return written;
    }
}
