namespace CnnViz.Core.Models.Description;

/// <summary>
/// A model description that does not parse, names an unknown layer or option, does not fit its input
/// or is too large. The message starts with where: "line 2, column 7: unknown layer 'conc'; …".
/// </summary>
public sealed class ModelDescriptionException(string message) : ArgumentException(message)
{
    /// <summary>"line L, column C: what" (1-based, as editors count).</summary>
    public static ModelDescriptionException At(int line, int column, string what) => new($"line {line}, column {column}: {what}");
}
