namespace CnnViz.Render.Platform;

/// <summary>
/// Drawing cannot start on this machine: a library, a display or a GL driver is missing.
/// <see cref="Exception.Message"/> is one line for the user that says what to install or to use --headless;
/// callers print it, never the stack trace.
/// </summary>
public sealed class RenderUnavailableException(string message) : Exception(message)
{
    /// <summary>The apt-get line for the window and the offscreen renderer.</summary>
    public const string InstallHint = "install it with `apt-get install libglfw3 libgl1-mesa-dri libegl1`, or run `cnnviz --headless`";
}
