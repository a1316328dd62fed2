using CnnViz.Engine;

namespace CnnViz.App.Commands;

/// <summary>Opens the live window on a session (the render issue fills this in).</summary>
internal static class WindowLauncher
{
    /// <summary>
    /// Runs the window until the user closes it. Returns false, with a one-line
    /// <paramref name="reason"/>, when no window can be opened (the caller then trains headless).
    /// </summary>
    public static bool TryRun(TrainingSession session, TrainOptions options, out string reason)
    {
        reason = "the window is not built yet";
        return false;
    }
}
