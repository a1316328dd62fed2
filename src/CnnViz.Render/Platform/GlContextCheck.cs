using Silk.NET.OpenGL;

namespace CnnViz.Render.Platform;

/// <summary>Checks that a freshly created context is OpenGL 3.3 or later and describes it in one line.</summary>
internal static class GlContextCheck
{
    /// <exception cref="RenderUnavailableException">The context is older than 3.3.</exception>
    public static string RequireGl33(GL gl, string where)
    {
        int major = gl.GetInteger(GetPName.MajorVersion);
        int minor = gl.GetInteger(GetPName.MinorVersion);
        string renderer = gl.GetStringS(StringName.Renderer) ?? "unknown renderer";
        string version = gl.GetStringS(StringName.Version) ?? "unknown version";
        if (major < 3 || (major == 3 && minor < 3))
            throw new RenderUnavailableException(
                $"{where}: OpenGL {major}.{minor} ({renderer}) is below the 3.3 CnnViz needs; update the GPU driver or use Mesa's software renderer " +
                "(`apt-get install libgl1-mesa-dri`, then LIBGL_ALWAYS_SOFTWARE=1), or run `cnnviz --headless`.");
        return $"{renderer}, OpenGL {version}";
    }
}
