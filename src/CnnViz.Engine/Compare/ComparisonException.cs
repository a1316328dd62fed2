namespace CnnViz.Engine.Compare;

/// <summary>A `--compare` change that cannot be made: the message names the key and the valid forms (one line, exit code 2).</summary>
public sealed class ComparisonException(string message) : Exception(message);
