namespace CnnViz.Core.Files;

/// <summary>
/// A file that cannot be opened, read or written. <see cref="Exception.Message"/> is one line that names
/// the file the user asked for (never a temp file): "PATH: cannot write it: no space left on device".
/// Derives from <see cref="IOException"/>, so callers that already catch I/O failures keep working.
/// </summary>
public sealed class FileProblemException(string path, string problem, bool writing, Exception? inner = null)
    : IOException($"{path}: {problem}", inner)
{
    /// <summary>The path as the user gave it.</summary>
    public string FilePath { get; } = path;

    /// <summary>"cannot read it: permission denied", without the path.</summary>
    public string Problem { get; } = problem;

    /// <summary>True for a failed write (exit code 1: an output), false for a failed read (exit code 2: a bad input).</summary>
    public bool Writing { get; } = writing;
}
