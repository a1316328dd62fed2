using CnnViz.App.Live;
using CnnViz.Core.Files;
using CnnViz.Engine;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Commands;
using CnnViz.Render;
using CnnViz.Render.Platform;

namespace CnnViz.App.Commands;

/// <summary>Opens the live window on a session, or renders its frames headless (--frames).</summary>
internal static class WindowLauncher
{
    /// <summary>
    /// Runs the window until the user closes it. Returns false, with a one-line
    /// <paramref name="reason"/>, when no window can be opened (the caller then trains headless).
    /// --script commands (e.g. "speed 8; pause") run in the window before the first frame.
    /// </summary>
    public static bool TryRun(TrainingSession session, TrainOptions options, out string reason)
    {
        try
        {
            LiveWindow.Run(session, Options(options), Console.Out);
            reason = "";
            return true;
        }
        catch (RenderUnavailableException e)
        {
            reason = e.Message.TrimEnd('.'); // the caller appends ": training headless"
            return false;
        }
    }

    private static LiveWindowOptions Options(TrainOptions options) => new()
    {
        FrameLogPath = options.Render.FrameLog,
        MaxFrames = options.Render.MaxFrames,
        ScreenshotAtEnd = options.Render.Screenshot,
        Script = options.Script,
        VSync = options.Render.FrameLog is null, // measure without waiting for the display
        Width = options.Render.Size.Width,
        Height = options.Render.Size.Height,
        Fullscreen = options.Render.Fullscreen,
        ModelFile = options.Resume is null && options.Import is null ? ModelArgument.FileOf(options.Model) : null,
    };

    /// <summary>The window of a comparison (see <see cref="TryRun"/>).</summary>
    public static bool TryRunCompare(Engine.Compare.Comparison comparison, TrainOptions options, out string reason)
    {
        try
        {
            CompareWindow.Run(comparison, Options(options), Console.Out);
            reason = "";
            return true;
        }
        catch (RenderUnavailableException e)
        {
            reason = e.Message.TrimEnd('.');
            return false;
        }
    }

    /// <summary>`--compare … --headless --frames DIR`. Returns the exit code.</summary>
    public static int RunCompareFrames(Engine.Compare.Comparison comparison, TrainOptions options) => Frames(options, () =>
    {
        if (comparison.A.TargetEpochs == 0 && options.Render.MaxFrames == 0)
            foreach (var run in new[] { comparison.A, comparison.B }) run.TargetEpochs = run.Epoch + 1;
        CompareWindow.RunFrames(comparison, options.Render.Frames!, options.Render.FrameEvery, Console.Out,
            options.Script, options.Render.MaxFrames, options.Render.FrameLog, options.Render.Size);
        return comparison.A.IsDiverged || comparison.B.IsDiverged ? TrainCommand.Failed($"{comparison.A.DivergenceMessage ?? comparison.B.DivergenceMessage}") : MainCommand.ExitOk;
    });

    /// <summary>`--headless --frames DIR`: the window's frames rendered offscreen, every Nth saved as a PNG. Returns the exit code.</summary>
    public static int RunFrames(TrainingSession session, TrainOptions options) => Frames(options, () =>
    {
        if (session.TargetEpochs == 0 && options.Render.MaxFrames == 0) session.TargetEpochs = session.Epoch + 1; // a script set no end
        HeadlessFrames.Run(session, options.Render.Frames!, options.Render.FrameEvery, Console.Out,
            options.Script, options.Render.MaxFrames, options.Render.FrameLog, options.Render.Size);
        if (session.IsDiverged)
        {
            Console.Error.WriteLine($"cnnviz: {session.DivergenceMessage}");
            return MainCommand.ExitFailed;
        }
        return MainCommand.ExitOk;
    });

    /// <summary>Runs headless frames, turning each failure into its one line and exit code.</summary>
    private static int Frames(TrainOptions options, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (RenderUnavailableException e)
        {
            return TrainCommand.Usage(e.Message);
        }
        catch (FileProblemException e) when (e.Writing)
        {
            return TrainCommand.Failed($"--frames {e.Message}");
        }
        catch (CheckpointException e) when (e.InnerException is FileProblemException { Writing: true })
        {
            return TrainCommand.Failed($"--script: {e.Message}");
        }
        catch (CheckpointException e) { return TrainCommand.Usage($"--script: {e.Message}"); }
        catch (CommandException e) { return TrainCommand.Usage($"--script: {e.Message}"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cnnviz: cannot write frames to {options.Render.Frames}: {e.Message}");
            return MainCommand.ExitFailed;
        }
    }
}
