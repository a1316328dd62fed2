namespace CnnViz.Engine.Onnx;

/// <summary>An ONNX file that cannot be read or uses what CnnViz cannot run; the message names the file and what.</summary>
public sealed class OnnxException(string path, string problem) : Exception($"{path}: {problem}");
