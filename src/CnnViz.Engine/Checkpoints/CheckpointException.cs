namespace CnnViz.Engine.Checkpoints;

/// <summary>A checkpoint cannot be written or read: the message names the file and says what is wrong and what to do.</summary>
public sealed class CheckpointException(string path, string problem, Exception? inner = null)
    : Exception($"checkpoint '{path}': {problem}", inner)
{
    public string Path { get; } = path;
}
