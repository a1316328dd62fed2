using CnnViz.Engine;
using CnnViz.Render.Platform;

namespace CnnViz.Render;

/// <summary>
/// The window's frames without a window: the same <see cref="Viewer"/> on an EGL offscreen framebuffer,
/// every Nth frame saved as DIR/frame-000120.png (PNG encoding on a background thread). Runs until the
/// session finishes its epochs (or <paramref name="maxFrames"/>).
/// </summary>
public static class HeadlessFrames
{
    /// <exception cref="RenderUnavailableException">EGL or the Mesa driver is missing; the message says what to install.</exception>
    /// <exception cref="Core.Files.FileProblemException">Some PNGs could not be written; the message says how many were.</exception>
    /// <returns>The number of PNGs actually written.</returns>
    public static int Run(TrainingSession session, string directory, int every, TextWriter console,
        IReadOnlyList<string>? startCommands = null, int maxFrames = 0, string? frameLogPath = null)
    {
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), every, "--frame-every must be at least 1.");
        if (session.TargetEpochs == 0 && maxFrames == 0)
            throw new ArgumentException("headless frames need an end: give --epochs N (or a frame limit).");
        Directory.CreateDirectory(directory);
        using var surface = OffscreenSurface.Create((int)Scene.Width, (int)Scene.Height);
        using var viewer = new Viewer(surface, session, new InputQueue(), frameLogPath);
        foreach (string command in startCommands ?? [])
        {
            console.WriteLine($"> {command}: {viewer.Execute(command)}");
            if (viewer.LastCommandError is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error); // a script stops at its first failure
        }
        int saved = 0;
        while (!session.IsFinished && !session.IsDiverged && (maxFrames == 0 || viewer.Frames < maxFrames))
        {
            bool save = viewer.Frames % every == 0;
            if (!viewer.RunFrame(draw: save)) break;
            if (save)
            {
                viewer.Capture(Path.Combine(directory, $"frame-{viewer.Frames - 1:D6}.png"));
                saved++;
            }
        }
        // The last frame, with the finished run's final numbers.
        session.FinishEvaluations();
        viewer.RunFrame(draw: true);
        viewer.Capture(Path.Combine(directory, $"frame-{viewer.Frames - 1:D6}.png"));
        saved++;
        viewer.FlushPngs();
        var (written, failed, firstError) = viewer.PngResults;
        console.WriteLine($"frames: {written} PNGs of {viewer.Frames} frames in {Path.GetFullPath(directory)} ({surface.Description})");
        if (viewer.LogSummary is { } summary) console.WriteLine($"frame log {frameLogPath}: {summary}");
        if (failed > 0) throw new Core.Files.FileProblemException(directory, $"wrote {written} of {saved} PNGs; {firstError}", writing: true);
        return written;
    }
}
