using CnnViz.Engine;
using CnnViz.Render.Platform;

namespace CnnViz.Render;

/// <summary>Options of the live window beyond the training settings.</summary>
public sealed record LiveWindowOptions
{
    /// <summary>Write per-frame timings here (CSV) and print a summary at the end.</summary>
    public string? FrameLogPath { get; init; }

    /// <summary>Close after this many frames (0: when the user quits). For demos, smoke tests and measurements.</summary>
    public int MaxFrames { get; init; }

    /// <summary>Save the last frame here when the window closes (for docs and CI: with <see cref="MaxFrames"/>).</summary>
    public string? ScreenshotAtEnd { get; init; }

    /// <summary>Commands run before the first frame, e.g. "speed 64" or "pause".</summary>
    public IReadOnlyList<string> StartCommands { get; init; } = [];

    /// <summary>Wait for the display's refresh between frames (smooth, caps FPS); off for measurements.</summary>
    public bool VSync { get; init; } = true;

    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 800;
}

/// <summary>
/// The window, in raylib's shape: Initialization, then Update and Draw once per frame until the window
/// closes, then De-Initialization. Training happens inside Update, a bounded number of mini-batches per frame.
/// </summary>
public static class LiveWindow
{
    /// <summary>Opens the window and runs it until the user quits; messages (screenshot paths, summaries) go to <paramref name="console"/>.</summary>
    /// <exception cref="RenderUnavailableException">No window can be opened (library, display or driver missing); the message says what to do.</exception>
    public static void Run(TrainingSession session, LiveWindowOptions options, TextWriter console)
    {
        // ---- Initialization ----
        using var window = GlfwWindow.Open(options.Width, options.Height, $"CnnViz: {session.Config.Model.Name} on {session.Data.Train.Name}", visible: true, vsync: options.VSync);
        using var viewer = new Viewer(window, session, window.Input, options.FrameLogPath);
        viewer.Message += console.WriteLine;
        console.WriteLine($"window: {window.Description}; H shows the keys");
        foreach (string command in options.StartCommands) console.WriteLine($"> {command}: {viewer.Execute(command)}");

        // ---- Main loop: Update + Draw, one frame at a time ----
        while (!window.ShouldClose)
        {
            window.PollEvents();
            bool last = options.MaxFrames > 0 && viewer.Frames + 1 >= options.MaxFrames;
            if (last && options.ScreenshotAtEnd is { } path) viewer.State.PendingScreenshot = path;
            if (!viewer.RunFrame()) break;
            window.Present();
            if (last) break;
        }

        // ---- De-Initialization: every GL object, then the window (the using declarations, in reverse) ----
        if (viewer.LogSummary is { } summary) console.WriteLine($"frame log {options.FrameLogPath}: {summary}");
    }
}
