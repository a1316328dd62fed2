using System.Runtime.InteropServices;

namespace CnnViz.Core.Files;

/// <summary>
/// The one place CnnViz opens files. Reads: <see cref="OpenRead"/> turns every way a file can fail to
/// open (missing, a directory, a dangling link, a link loop, no permission) into one
/// <see cref="FileProblemException"/> line naming the file. Writes: <see cref="Write"/> is atomic and durable:
/// <code>
///   write PATH.tmp&lt;pid&gt; → fsync it → rename over PATH → fsync the folder
/// </code>
/// so a crash or power cut leaves either the old file or the new one, never half of one. A temp file left
/// by a killed process (its pid no longer runs) is deleted by the next save to the same path.
/// </summary>
public static partial class SafeFile
{
    private const string TempMarker = ".tmp";

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <exception cref="FileProblemException">It cannot be opened; the message says why, in words.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 1 << 16)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new FileProblemException("''", "no file name given (an empty path)", writing: false);
        if (Directory.Exists(path)) throw new FileProblemException(path, "cannot read it: it is a directory, not a file", writing: false);
        if (LinkProblem(path) is { } link) throw new FileProblemException(path, $"cannot read it: {link}", writing: false);
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileProblemException(path, $"cannot read it: {Reason(e, path)}", writing: false, e);
        }
    }

    /// <summary>All bytes of <paramref name="path"/>, through <see cref="OpenRead"/>.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using var file = OpenRead(path, bufferSize: 1);
        try
        {
            if (file.Length > Array.MaxLength) throw new FileProblemException(path, $"cannot read it: {file.Length:N0} bytes is too large", writing: false);
            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            return bytes;
        }
        catch (IOException e) when (e is not FileProblemException)
        {
            throw new FileProblemException(path, $"cannot read it: {Reason(e, path)}", writing: false, e);
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> atomically: <paramref name="write"/> fills a temp file in the same folder,
    /// which is fsynced, renamed over the target, and the folder fsynced. On failure the temp file is removed.
    /// </summary>
    /// <exception cref="FileProblemException">It cannot be written; the message names <paramref name="path"/>, not the temp file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new FileProblemException("''", "no file name given (an empty path)", writing: true);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new FileProblemException(path, "cannot write it: it is a directory; give a file name", writing: true);
        string dir = Path.GetDirectoryName(full) ?? ".";
        string temp = full + TempMarker + Environment.ProcessId;
        try
        {
            Directory.CreateDirectory(dir);
            RemoveStaleTemps(full);
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true); // fsync: the bytes are on disk before the rename makes them the file
            }
            File.Move(temp, full, overwrite: true);
            SyncDirectory(dir); // the rename itself survives a power cut
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new FileProblemException(path, $"cannot write it: {Reason(e, temp, full)}", writing: true, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The temp name a save of <paramref name="path"/> by process <paramref name="pid"/> uses (tests, cleanup).</summary>
    public static string TempPathFor(string path, int pid) => Path.GetFullPath(path) + TempMarker + pid;

    /// <summary>Deletes PATH.tmp&lt;pid&gt; files whose process no longer runs (left by a kill between write and rename).</summary>
    public static void RemoveStaleTemps(string path)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is null || !Directory.Exists(dir)) return;
        string prefix = Path.GetFileName(full) + TempMarker;
        foreach (string candidate in Directory.EnumerateFiles(dir, prefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(candidate).AsSpan(prefix.Length), out int pid)) continue;
            if (pid != Environment.ProcessId && !IsRunning(pid)) TryDelete(candidate);
        }
    }

    /// <summary>A short reason for <paramref name="e"/>, with the temp path (if any) replaced by the target.</summary>
    internal static string Reason(Exception e, string path, string? shownAs = null)
    {
        switch (e)
        {
            case UnauthorizedAccessException: return "permission denied (this user may not access it or its folder)";
            case FileNotFoundException: return "file not found";
            case DirectoryNotFoundException: return "its folder does not exist (or a part of the path is not a folder)";
            case PathTooLongException: return "the path is too long";
        }
        string message = e.Message.Replace($" : '{path}'", "").Replace($"'{path}'", $"'{shownAs ?? path}'").Replace(path, shownAs ?? path);
        return message.TrimEnd('.', ' ').Split('\n')[0];
    }

    private static string? LinkProblem(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null) return File.Exists(path) ? null : "file not found";
        try
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.Exists) return $"it is a symbolic link to '{info.LinkTarget}', which does not exist";
        }
        catch (IOException) { return "it is a symbolic link in a loop (too many levels of symbolic links)"; }
        return null;
    }

    private static bool IsRunning(int pid)
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>fsync of the folder, so the rename is durable (POSIX; a no-op elsewhere and where the file system refuses).</summary>
    private static void SyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = Open(dir, 0 /* O_RDONLY */);
        if (fd < 0) return;
        FSync(fd);
        Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
