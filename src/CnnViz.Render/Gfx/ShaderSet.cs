using Silk.NET.OpenGL;

namespace CnnViz.Render.Gfx;

/// <summary>
/// The renderer's three programs (batch2d.vert with solid.frag, text.frag and grid.frag), built from the
/// files in <see cref="ShaderFiles"/> and rebuilt when they change (hot reload). A reload replaces the
/// programs only if all three build; otherwise the old ones keep drawing and <see cref="Error"/> holds the log.
/// </summary>
internal sealed class ShaderSet : IDisposable
{
    /// <summary>The linked programs and their uScreen (layout size) uniform locations.</summary>
    public readonly record struct Programs(uint Solid, int SolidScreen, uint Text, int TextScreen, uint Grid, int GridScreen);

    private static readonly string[] FragmentNames = ["solid.frag", "text.frag", "grid.frag"];
    private readonly GL _gl;
    private readonly ShaderFiles _files;

    /// <exception cref="InvalidOperationException">The shaders do not compile at startup; the message holds the GLSL log.</exception>
    public ShaderSet(GL gl, string? directory, bool hotReload)
    {
        _gl = gl;
        _files = new ShaderFiles(directory, hotReload);
        if (!TryBuild(out string? error))
            throw new InvalidOperationException($"the shaders in {_files.Directory} do not compile: {error}");
    }

    public Programs Current { get; private set; }

    /// <summary>The GLSL log of the last failed reload, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Rebuilds the programs if a shader file changed (checked every frame; allocates nothing when nothing changed).</summary>
    public void ReloadIfChanged()
    {
        if (!_files.TakeChange()) return;
        Error = TryBuild(out string? error) ? null : error;
    }

    private bool TryBuild(out string? error)
    {
        string vertex;
        var fragments = new string[FragmentNames.Length];
        try
        {
            vertex = _files.Read("batch2d.vert");
            for (int i = 0; i < fragments.Length; i++) fragments[i] = _files.Read(FragmentNames[i]);
        }
        catch (IOException e)
        {
            error = e.Message;
            return false;
        }
        var built = new uint[fragments.Length];
        for (int i = 0; i < fragments.Length; i++)
        {
            built[i] = ShaderProgram.TryBuild(_gl, "batch2d.vert", vertex, FragmentNames[i], fragments[i], out error);
            if (built[i] != 0) continue;
            for (int j = 0; j < i; j++) _gl.DeleteProgram(built[j]);
            return false;
        }
        Delete();
        Current = new Programs(built[0], Screen(built[0]), built[1], Screen(built[1]), built[2], Screen(built[2]));
        _gl.UseProgram(built[1]);
        _gl.Uniform1(_gl.GetUniformLocation(built[1], "uFont"), 0); // texture unit 0: the glyph atlas
        _gl.UseProgram(built[2]);
        _gl.Uniform1(_gl.GetUniformLocation(built[2], "uGrid"), 1); // texture unit 1: the grid being drawn
        error = null;
        return true;
    }

    private int Screen(uint program) => _gl.GetUniformLocation(program, "uScreen");

    private void Delete()
    {
        var p = Current;
        if (p.Solid != 0) _gl.DeleteProgram(p.Solid);
        if (p.Text != 0) _gl.DeleteProgram(p.Text);
        if (p.Grid != 0) _gl.DeleteProgram(p.Grid);
        Current = default;
    }

    public void Dispose()
    {
        Delete();
        _files.Dispose();
    }
}
