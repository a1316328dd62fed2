namespace CnnViz.Core.Data;

/// <summary>
/// Data that cannot be used: not found, not downloadable, or (as <see cref="DataFormatException"/>)
/// a file whose content is wrong. The message is written for the user: what is wrong, where, and what to do.
/// The app catches this one type and prints the message, never a stack trace.
/// </summary>
public class DataException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A data file whose content is not what it must be (bad magic, truncated, a label out of range, …).
/// The message reads "PATH: PROBLEM. ADVICE".
/// </summary>
public sealed class DataFormatException(string path, string problem, Exception? inner = null)
    : DataException($"{path}: {problem}. {Advice}", inner)
{
    /// <summary>What to do about a bad file, appended to every message.</summary>
    public const string Advice = "Re-download it with `cnnviz data download`, or point --data at another copy";

    public string FilePath { get; } = path;
    public string Problem { get; } = problem;
}
