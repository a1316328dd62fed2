using CnnViz.Core.Layers;

namespace CnnViz.Engine.Views;

/// <summary>Reads a max-pool layer's argmax switches for one sample (empty for other layers).</summary>
internal static class PoolSwitchReader
{
    // Filled in once the core's MaxPool2D (with its argmax buffer) is merged.
    public static ReadOnlySpan<int> Read(Layer layer, int sample) => default;
}
