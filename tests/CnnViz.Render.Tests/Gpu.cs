using CnnViz.Render.Platform;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

/// <summary>
/// Opens the GL surfaces tests draw on. Without EGL/Mesa, libglfw or a display a test cannot run: locally it
/// says so in its output and passes without checking anything; in CI (CI=true) it fails with the reason,
/// because CI installs those libraries (tests/setup.sh) and must exercise them.
/// </summary>
internal static class Gpu
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static OffscreenSurface? Offscreen(ITestOutputHelper output, int width, int height)
    {
        try
        {
            return OffscreenSurface.Create(width, height);
        }
        catch (RenderUnavailableException e)
        {
            Unavailable(output, e.Message);
            return null;
        }
    }

    public static GlfwWindow? Window(ITestOutputHelper output, int width, int height)
    {
        try
        {
            return GlfwWindow.Open(width, height, "CnnViz test", visible: true, vsync: false);
        }
        catch (RenderUnavailableException e)
        {
            Unavailable(output, e.Message + " (run the tests under xvfb-run -a -s \"-screen 0 1280x800x24\")");
            return null;
        }
    }

    private static void Unavailable(ITestOutputHelper output, string reason)
    {
        if (InCi) Assert.Fail($"CI=true, so this render test must run, but: {reason}");
        output.WriteLine($"NOT RUN (no GL here; would fail with CI=true): {reason}");
    }
}

/// <summary>GL tests share one process-wide GLFW and EGL state: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlCollection
{
    public const string Name = "GL";
}
