using CnnViz.Engine;
using CnnViz.Engine.Live;
using CnnViz.Render;
using CnnViz.Render.Platform;

namespace CnnViz.App.Live;

/// <summary>Options of the live window beyond the training settings.</summary>
public sealed record LiveWindowOptions
{
    /// <summary>Write per-frame timings here (CSV) and print a summary at the end.</summary>
    public string? FrameLogPath { get; init; }

    /// <summary>Close after this many frames (0: when the user quits). For demos, smoke tests and measurements.</summary>
    public int MaxFrames { get; init; }

    /// <summary>Save the last frame here when the window closes (for docs and CI: with <see cref="MaxFrames"/>).</summary>
    public string? ScreenshotAtEnd { get; init; }

    /// <summary>A script run before the first frame, e.g. "speed 64; pause" (the language of headless --script).</summary>
    public string? Script { get; init; }

    /// <summary>Wait for the display's refresh between frames (smooth, caps FPS); off for measurements.</summary>
    public bool VSync { get; init; } = true;

    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 800;

    /// <summary>--fullscreen: the primary monitor at its current resolution.</summary>
    public bool Fullscreen { get; init; }

    /// <summary>The file `--model my.net` named: saving it rebuilds the network live (null: nothing to watch).</summary>
    public string? ModelFile { get; init; }
}

/// <summary>
/// The window, in raylib's shape: Initialization; per frame poll input → Update → Draw → present;
/// De-Initialization. Update (<see cref="FrameController"/>, GL-free) trains a bounded number of mini-batches
/// per frame; Draw (<see cref="Viewer"/>) gets read-only views and only draws.
/// </summary>
public static class LiveWindow
{
    /// <summary>Opens the window and runs it until the user quits; messages (screenshot paths, summaries) go to <paramref name="console"/>.</summary>
    /// <exception cref="RenderUnavailableException">No window can be opened (library, display or driver missing); the message says what to do.</exception>
    public static void Run(TrainingSession session, LiveWindowOptions options, TextWriter console)
    {
        // ---- Initialization ----
        string title = options.ModelFile is { } file ? Path.GetFileName(file) : session.Config.Model.Name;
        using var window = GlfwWindow.Open(options.Width, options.Height, $"CnnViz: {title} on {session.Data.Train.Name}", visible: true, vsync: options.VSync, fullscreen: options.Fullscreen);
        using var modelFile = options.ModelFile is null ? null : new ModelFileWatch(options.ModelFile);
        using var frame = new FrameController(session, options.FrameLogPath);
        var viewer = new Viewer(window, session.Views, frame.Study.Views);
        frame.State.Pace = ViewState.DefaultPace; // the window's own default; scripts and tests start at 1 step per frame
        frame.Message += console.WriteLine;
        console.WriteLine($"window: {window.Description}; H shows the keys");
        if (modelFile is not null) console.WriteLine(modelFile.IsWatching ? $"watching {options.ModelFile}: save it to rebuild the network" : $"cannot watch {options.ModelFile} on this system: saving it changes nothing until a restart");
        RunScript(frame, options.Script, console);
        if (options.Script is not null) frame.CompleteEvaluation(); // the first frame shows the scripted step's results

        // ---- Main loop: one frame at a time ----
        var idle = new IdlePacer();
        while (!window.ShouldClose && !frame.QuitRequested && (options.MaxFrames == 0 || frame.Frames < options.MaxFrames))
        {
            window.PollEvents();
            bool input = Input(window.Input, frame, viewer);   // keys → commands, clicks → pin/explain, mouse → canvas
            foreach (string dropped in window.TakeDroppedFiles()) { frame.Execute($"predict {dropped}"); input = true; }   // a dropped image is pinned
            if (modelFile is not null && modelFile.TakeChange())                              // the model file was saved
            {
                if (modelFile.TryRebuild(frame.Session, out var rebuilt, out string message))
                {
                    viewer.FlushPngs();
                    viewer.Dispose();
                    frame.Replace(rebuilt!);
                    viewer = new Viewer(window, rebuilt!.Views, frame.Study.Views);
                }
                frame.Report(message);                         // the new model's size, or the error (the old network keeps running)
                input = true;
            }
            frame.Update();                                    // training, evaluation, prediction, status
            if (frame.Frames + 1 == options.MaxFrames && options.ScreenshotAtEnd is { } path) frame.State.PendingScreenshot = path;
            if (idle.ShouldDraw(frame, input, window.FramebufferWidth, window.FramebufferHeight))
            {
                Draw(frame, viewer);                           // panels only (and the screenshot asked for)
                window.Present();
            }
            else frame.EndFrame(null, null);
            idle.Wait(frame);                                  // paused: at most 60 frames/s, and nothing redrawn that did not change
        }

        // ---- De-Initialization: every GL object, then the window (the using declarations, in reverse) ----
        viewer.FlushPngs();
        TakeMessages(frame, viewer);
        viewer.Dispose();
        if (frame.LogSummary is { } summary) console.WriteLine($"frame log {options.FrameLogPath}: {summary}");
    }

    /// <summary>Poll input: each key press becomes a command line (<see cref="KeyBindings"/>); the mouse paints in draw mode.</summary>
    /// <returns>True when anything happened (a key, a click, painting): the frame must be drawn.</returns>
    public static bool Input(InputQueue input, FrameController frame, Viewer viewer)
    {
        bool any = false;
        while (input.TryDequeue(out InputEvent e))
        {
            any = true;
            if (KeyBindings.ToCommand(e, frame.Views, frame.State, frame.Study.Explanation is not null) is { } command) frame.Execute(command);
        }
        if (frame.State.DrawMode && viewer.CanvasPoint(input.MouseX, input.MouseY, out float x, out float y))
        {
            any |= input.MouseLeftDown || input.MouseRightDown;
            frame.Paint(x, y, input.MouseLeftDown, input.MouseRightDown);
        }
        else if (input.MouseLeftDown && !s_wasDown && viewer.ClickCommand(input.MouseX, input.MouseY) is { } click)
        {
            frame.Execute(click);
            any = true;
        }
        s_wasDown = input.MouseLeftDown;
        if (s_mouse is null) s_mouse = (input.MouseX, input.MouseY);
        else if ((input.MouseX, input.MouseY) != s_mouse)   // the mouse moved: the value under it (a script's `hover` stays until then)
        {
            s_mouse = (input.MouseX, input.MouseY);
            var hover = viewer.HoverAt(input.MouseX, input.MouseY);
            if (hover != frame.State.Hover) { frame.State.Hover = hover; any = true; }
        }
        return any;
    }

    private static bool s_wasDown; // the left button's state last frame: a click is its press
    private static (float X, float Y)? s_mouse;

    /// <summary>Draw: the panels, then the screenshot a command asked for; ends the frame with the draw timings.</summary>
    public static void Draw(FrameController frame, Viewer viewer)
    {
        if (frame.State.PendingScreenshot is not null) frame.CompleteEvaluation(); // the picture and its numbers of one step
        viewer.Draw(frame.State);
        if (frame.TakeScreenshotRequest() is { } path) viewer.Capture(path);
        TakeMessages(frame, viewer);
        frame.EndFrame(viewer.UploadMs, viewer.DrawMs);
    }

    /// <summary>Runs a --script before the first frame, printing each command with its status.</summary>
    public static void RunScript(FrameController frame, string? script, TextWriter console)
    {
        foreach (string command in Engine.Commands.CommandParser.SplitScript(script ?? ""))
            console.WriteLine($"> {command}: {frame.Execute(command)}");
    }

    /// <summary>Saved-PNG messages (or their errors) into the status line and onto the console.</summary>
    public static void TakeMessages(FrameController frame, Viewer viewer)
    {
        while (viewer.TryTakeMessage(out string message)) frame.Report(message);
    }
}
