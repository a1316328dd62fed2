namespace CnnViz.Engine.Live;

/// <summary>
/// Notices when files change, for live reloading (the shaders, the model file): a <see cref="FileSystemWatcher"/>
/// on a folder whose events only stamp the time; the frame loop asks <see cref="TakeChange"/> once per frame.
/// Editors save in place or write a temp file and rename it over the original: both count.
/// </summary>
public sealed class FileChangeWatch : IDisposable
{
    /// <summary>Wait this long after the last change before reporting it, so a save that writes in pieces is read whole.</summary>
    public const int SettleMilliseconds = 150;

    private readonly FileSystemWatcher? _watcher;
    private long _changedAtTicks; // Environment.TickCount64 of the last change, 0 when none is pending

    /// <param name="directory">The folder to watch (not its subfolders).</param>
    /// <param name="filter">Which of its files: a name, or a pattern such as "*".</param>
    public FileChangeWatch(string directory, string filter = "*")
    {
        try
        {
            _watcher = new FileSystemWatcher(directory, filter)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            _watcher.Changed += (_, _) => MarkChanged();
            _watcher.Created += (_, _) => MarkChanged();
            _watcher.Renamed += (_, _) => MarkChanged();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException)
        {
            _watcher = null; // live reload is a convenience: without inotify the files still load once
        }
    }

    /// <summary>False when the system could not watch (no inotify, a missing folder): changes then go unnoticed.</summary>
    public bool IsWatching => _watcher is not null;

    /// <summary>True once, <see cref="SettleMilliseconds"/> after the last change. Called every frame; reads one field, allocates nothing.</summary>
    public bool TakeChange()
    {
        long changedAt = Interlocked.Read(ref _changedAtTicks);
        if (changedAt == 0 || Environment.TickCount64 - changedAt < SettleMilliseconds) return false;
        return Interlocked.CompareExchange(ref _changedAtTicks, 0, changedAt) == changedAt;
    }

    /// <summary>Marks a change now (what the watcher's events do; tests call it too).</summary>
    public void MarkChanged() => Interlocked.Exchange(ref _changedAtTicks, Math.Max(1, Environment.TickCount64));

    public void Dispose() => _watcher?.Dispose();
}
