namespace CnnViz.Render.Gfx;

/// <summary>
/// Finds the GLSL sources and notices when they change, for hot reload: edit shaders/*.frag while the
/// window runs and the program is rebuilt within a second. The directory is the repository's shaders/
/// (found by walking up from the binary to CnnViz.sln) so edits to the source take effect; without a
/// checkout it is the copy next to the binary.
/// </summary>
internal sealed class ShaderFiles : IDisposable
{
    private readonly Engine.Live.FileChangeWatch? _watch;

    public ShaderFiles(string? directory = null, bool watch = true)
    {
        Directory = directory ?? Locate();
        if (!System.IO.Directory.Exists(Directory))
            throw new DirectoryNotFoundException($"shader directory '{Directory}' does not exist; reinstall or rebuild CnnViz (shaders/ is copied next to the binary).");
        if (watch) _watch = new Engine.Live.FileChangeWatch(Directory);
    }

    public string Directory { get; }

    public string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>True once, shortly after a shader file changed (so a save that writes in pieces is read whole); allocates nothing.</summary>
    public bool TakeChange() => _watch?.TakeChange() ?? false;

    public void Dispose() => _watch?.Dispose();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CnnViz.sln")) && System.IO.Directory.Exists(Path.Combine(dir.FullName, "shaders")))
                return Path.Combine(dir.FullName, "shaders");
        return Path.Combine(AppContext.BaseDirectory, "shaders");
    }
}
