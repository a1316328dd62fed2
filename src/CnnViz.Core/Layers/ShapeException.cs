namespace CnnViz.Core.Layers;

/// <summary>
/// A model definition or an input does not fit a layer: wrong rank, a kernel larger than its
/// input, a batch of the wrong shape. The message names the layer and the shapes involved,
/// e.g. "conv2: a 5×5 kernel does not fit a 6×4×4 input".
/// </summary>
public sealed class ShapeException(string message) : ArgumentException(message);
