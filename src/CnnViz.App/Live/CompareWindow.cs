using CnnViz.Engine.Compare;
using CnnViz.Engine.Live;
using CnnViz.Render;
using CnnViz.Render.Platform;

namespace CnnViz.App.Live;

/// <summary>
/// A comparison's window and its headless frames, in raylib's shape like <see cref="LiveWindow"/>: Initialization;
/// per frame input → Update (<see cref="CompareFrameController"/>, both runs in lockstep) → Draw (<see cref="CompareViewer"/>);
/// De-Initialization. Keys act on the focused run (A switches), through the same <see cref="KeyBindings"/>.
/// </summary>
public static class CompareWindow
{
    /// <exception cref="RenderUnavailableException">No window can be opened; the message says what to do.</exception>
    public static void Run(Comparison comparison, LiveWindowOptions options, TextWriter console)
    {
        // ---- Initialization ----
        using var window = GlfwWindow.Open(options.Width, options.Height, $"CnnViz: {comparison.A.Config.Model.Name} against {comparison.Change.Text}", visible: true, vsync: options.VSync, fullscreen: options.Fullscreen);
        using var frame = new CompareFrameController(comparison, options.FrameLogPath);
        using var viewer = new CompareViewer(window, frame.Views);
        frame.State.Pace = ViewState.DefaultPace;
        frame.Message += console.WriteLine;
        console.WriteLine($"window: {window.Description}; A switches the run the keys act on, H shows the keys");
        foreach (string command in Engine.Commands.CommandParser.SplitScript(options.Script ?? ""))
            console.WriteLine($"> {command}: {frame.Execute(command)}");

        // ---- Main loop ----
        var idle = new IdlePacer();
        while (!window.ShouldClose && !frame.QuitRequested && (options.MaxFrames == 0 || frame.Frames < options.MaxFrames))
        {
            window.PollEvents();
            bool input = Input(window.Input, frame, viewer);
            frame.Update();
            if (frame.Frames + 1 == options.MaxFrames && options.ScreenshotAtEnd is { } path) frame.State.PendingScreenshot = path;
            var c = frame.Views;
            long views = c.Run(0).Version + c.Run(1).Version, study = c.Study(0).Version + c.Study(1).Version + c.Difference.Version;
            if (idle.ShouldDraw(views, study, frame.State, input, window.FramebufferWidth, window.FramebufferHeight))
            {
                Draw(frame, viewer);
                window.Present();
            }
            else frame.EndFrame(null, null);
            idle.Wait(frame.State);   // paused: at most 60 frames/s, and nothing redrawn that did not change
        }

        // ---- De-Initialization ----
        viewer.FlushPngs();
        TakeMessages(frame, viewer);
        if (frame.LogSummary is { } summary) console.WriteLine($"frame log {options.FrameLogPath}: {summary}");
    }

    /// <summary>`--compare … --headless --frames DIR`: the same frames offscreen, every Nth saved as a PNG. Returns the PNGs written.</summary>
    public static int RunFrames(Comparison comparison, string directory, int every, TextWriter console,
        string? script = null, int maxFrames = 0, string? frameLogPath = null, (int Width, int Height)? size = null)
    {
        Directory.CreateDirectory(directory);
        using var surface = OffscreenSurface.Create(size?.Width ?? (int)Scene.Width, size?.Height ?? (int)Scene.Height);
        using var frame = new CompareFrameController(comparison, frameLogPath);
        using var viewer = new CompareViewer(surface, frame.Views);
        foreach (string command in Engine.Commands.CommandParser.SplitScript(script ?? ""))
        {
            console.WriteLine($"> {command}: {frame.Execute(command)}");
            if (frame.LastCommandError is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        int saved = 0;
        void Frame(bool save)
        {
            int index = frame.Frames;
            frame.Update();
            if (!save && frame.State.PendingScreenshot is null) { frame.EndFrame(null, null); return; }
            Draw(frame, viewer);
            if (!save) return;
            viewer.Capture(Path.Combine(directory, $"frame-{index:D6}.png"));
            saved++;
        }
        while (!comparison.IsDone && !frame.QuitRequested && (maxFrames == 0 || frame.Frames < maxFrames))
            Frame(save: frame.Frames % every == 0);
        comparison.FinishEvaluations();
        Frame(save: true);
        viewer.FlushPngs();
        TakeMessages(frame, viewer);
        var (written, failed, firstError) = viewer.PngResults;
        console.WriteLine($"frames: {written} PNGs of {frame.Frames} frames in {Path.GetFullPath(directory)} ({surface.Description})");
        if (frame.LogSummary is { } summary) console.WriteLine($"frame log {frameLogPath}: {summary}");
        if (failed > 0) throw new Core.Files.FileProblemException(directory, $"wrote {written} of {saved} PNGs; {firstError}", writing: true);
        return written;
    }

    /// <summary>Poll input: each key press becomes a command line for the focused run (<see cref="KeyBindings"/>); a click on a digit pins it.</summary>
    /// <returns>True when a key or a click arrived: the frame must be drawn.</returns>
    public static bool Input(InputQueue input, CompareFrameController frame, CompareViewer viewer)
    {
        bool any = false;
        while (input.TryDequeue(out InputEvent e))
        {
            any = true;
            if (KeyBindings.ToCommand(e, frame.Comparison.Focused.Views, frame.State) is { } command) frame.Execute(command);
        }
        if (input.MouseLeftDown && !s_wasDown && viewer.ClickCommand(input.MouseX, input.MouseY) is { } click)
        {
            frame.Execute(click);
            any = true;
        }
        s_wasDown = input.MouseLeftDown;
        return any;
    }

    private static bool s_wasDown; // the left button's state last frame: a click is its press

    /// <summary>Draw: the panels, then the screenshot a command asked for; ends the frame with the draw timings.</summary>
    public static void Draw(CompareFrameController frame, CompareViewer viewer)
    {
        viewer.Draw(frame.State);
        if (frame.TakeScreenshotRequest() is { } path) viewer.Capture(path);
        TakeMessages(frame, viewer);
        frame.EndFrame(viewer.UploadMs, viewer.DrawMs);
    }

    private static void TakeMessages(CompareFrameController frame, CompareViewer viewer)
    {
        while (viewer.TryTakeMessage(out string message)) frame.Report(message);
    }
}
