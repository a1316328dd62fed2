namespace CnnViz.Core.Data;

/// <summary>
/// Data that cannot be used: not found, not downloadable, or (as <see cref="DataFormatException"/>)
/// a file whose content is wrong. The message is written for the user: what is wrong and where; Core
/// names no command or flag, so the caller that knows them (Engine's DataSource, the app) adds what to type.
/// The app catches this one type and prints the message, never a stack trace.
/// </summary>
public class DataException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A data file whose content is not what it must be (bad magic, truncated, a label out of range, …).
/// The message reads "PATH: PROBLEM."
/// </summary>
public sealed class DataFormatException(string path, string problem, Exception? inner = null)
    : DataException($"{path}: {problem}.", inner)
{
    public string FilePath { get; } = path;
    public string Problem { get; } = problem;
}
