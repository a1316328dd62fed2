namespace CnnViz.Render.Gfx;

/// <summary>
/// Finds the GLSL sources and notices when they change, for hot reload: edit shaders/*.frag while the
/// window runs and the program is rebuilt within a second. The directory is the repository's shaders/
/// (found by walking up from the binary to CnnViz.sln) so edits to the source take effect; without a
/// checkout it is the copy next to the binary.
/// </summary>
internal sealed class ShaderFiles : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private long _changedAtTicks; // Environment.TickCount64 of the last change, 0 when none is pending

    public ShaderFiles(string? directory = null, bool watch = true)
    {
        Directory = directory ?? Locate();
        if (!System.IO.Directory.Exists(Directory))
            throw new DirectoryNotFoundException($"shader directory '{Directory}' does not exist; reinstall or rebuild CnnViz (shaders/ is copied next to the binary).");
        if (!watch) return;
        try
        {
            _watcher = new FileSystemWatcher(Directory)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            // Editors save in place or write a temp file and rename it over the original: both count.
            _watcher.Changed += (_, _) => MarkChanged();
            _watcher.Created += (_, _) => MarkChanged();
            _watcher.Renamed += (_, _) => MarkChanged();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException)
        {
            _watcher = null; // hot reload is a convenience: without inotify the shaders still load once
        }
    }

    public string Directory { get; }

    public string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>
    /// True once, 150 ms after the last change (so a save that writes in pieces is read whole).
    /// Called every frame; reads one field and allocates nothing.
    /// </summary>
    public bool TakeChange()
    {
        long changedAt = Interlocked.Read(ref _changedAtTicks);
        if (changedAt == 0 || Environment.TickCount64 - changedAt < 150) return false;
        return Interlocked.CompareExchange(ref _changedAtTicks, 0, changedAt) == changedAt;
    }

    private void MarkChanged() => Interlocked.Exchange(ref _changedAtTicks, Math.Max(1, Environment.TickCount64));

    public void Dispose() => _watcher?.Dispose();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CnnViz.sln")) && System.IO.Directory.Exists(Path.Combine(dir.FullName, "shaders")))
                return Path.Combine(dir.FullName, "shaders");
        return Path.Combine(AppContext.BaseDirectory, "shaders");
    }
}
